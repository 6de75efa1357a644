using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace FastDays.Tests.Support;

/// <summary>The calls each method of an assembly makes, read from its IL: "Type::method(ParamTypes)" → callee → callee's return type.</summary>
public sealed class IlCallGraph
{
    private IlCallGraph(Dictionary<string, Dictionary<string, string>> calls,
        Dictionary<string, HashSet<string>> discarded, HashSet<string> returnsFirstArgument) =>
        (Calls, Discarded, ReturnsFirstArgument) = (calls, discarded, returnsFirstArgument);

    /// <summary>Per calling method, the methods it calls (call, callvirt, newobj, ldftn) with their return types.</summary>
    public IReadOnlyDictionary<string, Dictionary<string, string>> Calls { get; }

    /// <summary>Per calling method, the callees whose result it drops at once (the call is followed by pop).</summary>
    public IReadOnlyDictionary<string, HashSet<string>> Discarded { get; }

    /// <summary>The methods that return their first argument (this, for instance methods): every ret follows ldarg.0.</summary>
    public IReadOnlySet<string> ReturnsFirstArgument { get; }

    /// <summary>Reads the call graph of the assembly file at path.</summary>
    public static IlCallGraph Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var names = new TypeNames();
        var calls = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        var discarded = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var returnsFirst = new HashSet<string>(StringComparer.Ordinal);
        foreach (var handle in md.MethodDefinitions)
        {
            var method = md.GetMethodDefinition(handle);
            var name = MethodName(md, names, handle);
            var callees = calls[name] = new Dictionary<string, string>(StringComparer.Ordinal);
            var dropped = discarded[name] = new HashSet<string>(StringComparer.Ordinal);
            if (method.RelativeVirtualAddress == 0) continue;
            var il = pe.GetMethodBody(method.RelativeVirtualAddress).GetILReader();
            var (previous, rets, retsAfterArg0) = ((ILOpCode)0xFFFF, 0, 0);
            string? lastCallee = null;
            while (il.RemainingBytes > 0)
            {
                int first = il.ReadByte();
                var op = first == 0xFE ? (ILOpCode)(0xFE00 | il.ReadByte()) : (ILOpCode)first;
                if (op == ILOpCode.Pop && previous is ILOpCode.Call or ILOpCode.Callvirt && lastCallee is not null) dropped.Add(lastCallee);
                if (op == ILOpCode.Ret) { rets++; if (previous == ILOpCode.Ldarg_0) retsAfterArg0++; }
                lastCallee = null;
                if (op is ILOpCode.Call or ILOpCode.Callvirt or ILOpCode.Newobj or ILOpCode.Ldftn or ILOpCode.Ldvirtftn or ILOpCode.Jmp)
                {
                    if (Callee(md, names, MetadataTokens.EntityHandle(il.ReadInt32())) is { } callee)
                    {
                        callees[callee.Name] = callee.Returns;
                        lastCallee = callee.Name;
                    }
                }
                else if (op == ILOpCode.Switch) il.Offset += 4 * il.ReadInt32();
                else il.Offset += OperandSize(op);
                previous = op;
            }
            if (rets > 0 && rets == retsAfterArg0) returnsFirst.Add(name);
        }
        return new IlCallGraph(calls, discarded, returnsFirst);
    }

    /// <summary>The methods that call one of the roots, directly or through other methods of this graph.</summary>
    public HashSet<string> Reaching(Func<string, bool> isRoot)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var (caller, callees) in Calls)
                if (!found.Contains(caller) && callees.Keys.Any(c => isRoot(c) || found.Contains(c))) changed = found.Add(caller);
        }
        return found;
    }

    private static (string Name, string Returns)? Callee(MetadataReader md, TypeNames names, EntityHandle handle)
    {
        switch (handle.Kind)
        {
            case HandleKind.MethodDefinition:
                var def = md.GetMethodDefinition((MethodDefinitionHandle)handle);
                return (MethodName(md, names, (MethodDefinitionHandle)handle), def.DecodeSignature(names, null).ReturnType);
            case HandleKind.MemberReference:
                var member = md.GetMemberReference((MemberReferenceHandle)handle);
                if (member.GetKind() != MemberReferenceKind.Method) return null;
                var sig = member.DecodeMethodSignature(names, null);
                var parent = member.Parent.Kind switch
                {
                    HandleKind.TypeReference => names.GetTypeFromReference(md, (TypeReferenceHandle)member.Parent, 0),
                    HandleKind.TypeDefinition => names.GetTypeFromDefinition(md, (TypeDefinitionHandle)member.Parent, 0),
                    HandleKind.TypeSpecification => md.GetTypeSpecification((TypeSpecificationHandle)member.Parent).DecodeSignature(names, null),
                    _ => "?",
                };
                return ($"{parent}::{md.GetString(member.Name)}({string.Join(",", sig.ParameterTypes)})", sig.ReturnType);
            case HandleKind.MethodSpecification:
                return Callee(md, names, md.GetMethodSpecification((MethodSpecificationHandle)handle).Method);
            default:
                return null;
        }
    }

    private static string MethodName(MetadataReader md, TypeNames names, MethodDefinitionHandle handle)
    {
        var method = md.GetMethodDefinition(handle);
        var sig = method.DecodeSignature(names, null);
        return $"{names.GetTypeFromDefinition(md, method.GetDeclaringType(), 0)}::{md.GetString(method.Name)}({string.Join(",", sig.ParameterTypes)})";
    }

    private static int OperandSize(ILOpCode op) => op switch
    {
        ILOpCode.Ldarg_s or ILOpCode.Ldarga_s or ILOpCode.Starg_s or ILOpCode.Ldloc_s or ILOpCode.Ldloca_s or ILOpCode.Stloc_s or ILOpCode.Ldc_i4_s
            or ILOpCode.Br_s or ILOpCode.Brfalse_s or ILOpCode.Brtrue_s or ILOpCode.Beq_s or ILOpCode.Bge_s or ILOpCode.Bgt_s or ILOpCode.Ble_s
            or ILOpCode.Blt_s or ILOpCode.Bne_un_s or ILOpCode.Bge_un_s or ILOpCode.Bgt_un_s or ILOpCode.Ble_un_s or ILOpCode.Blt_un_s
            or ILOpCode.Leave_s or ILOpCode.Unaligned => 1,
        ILOpCode.Ldarg or ILOpCode.Ldarga or ILOpCode.Starg or ILOpCode.Ldloc or ILOpCode.Ldloca or ILOpCode.Stloc => 2,
        ILOpCode.Ldc_i8 or ILOpCode.Ldc_r8 => 8,
        ILOpCode.Ldc_i4 or ILOpCode.Ldc_r4 or ILOpCode.Br or ILOpCode.Brfalse or ILOpCode.Brtrue or ILOpCode.Beq or ILOpCode.Bge or ILOpCode.Bgt
            or ILOpCode.Ble or ILOpCode.Blt or ILOpCode.Bne_un or ILOpCode.Bge_un or ILOpCode.Bgt_un or ILOpCode.Ble_un or ILOpCode.Blt_un
            or ILOpCode.Leave or ILOpCode.Ldstr or ILOpCode.Ldfld or ILOpCode.Ldflda or ILOpCode.Stfld or ILOpCode.Ldsfld or ILOpCode.Ldsflda
            or ILOpCode.Stsfld or ILOpCode.Ldtoken or ILOpCode.Newarr or ILOpCode.Box or ILOpCode.Unbox or ILOpCode.Unbox_any or ILOpCode.Castclass
            or ILOpCode.Isinst or ILOpCode.Ldobj or ILOpCode.Stobj or ILOpCode.Cpobj or ILOpCode.Initobj or ILOpCode.Sizeof or ILOpCode.Ldelema
            or ILOpCode.Ldelem or ILOpCode.Stelem or ILOpCode.Mkrefany or ILOpCode.Refanyval or ILOpCode.Constrained or ILOpCode.Calli => 4,
        _ => 0,
    };

    private sealed class TypeNames : ISignatureTypeProvider<string, object?>
    {
        public string GetArrayType(string elementType, ArrayShape shape) => elementType + "[,]";
        public string GetByReferenceType(string elementType) => elementType + "&";
        public string GetFunctionPointerType(MethodSignature<string> signature) => "fnptr";
        public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) => $"{genericType}<{string.Join(",", typeArguments)}>";
        public string GetGenericMethodParameter(object? genericContext, int index) => "!!" + index;
        public string GetGenericTypeParameter(object? genericContext, int index) => "!" + index;
        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;
        public string GetPinnedType(string elementType) => elementType;
        public string GetPointerType(string elementType) => elementType + "*";
        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();
        public string GetSZArrayType(string elementType) => elementType + "[]";
        public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
        {
            var type = reader.GetTypeDefinition(handle);
            var name = reader.GetString(type.Name);
            if (type.IsNested) return GetTypeFromDefinition(reader, type.GetDeclaringType(), rawTypeKind) + "." + name;
            var ns = reader.GetString(type.Namespace);
            return ns.Length > 0 ? ns + "." + name : name;
        }

        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
        {
            var type = reader.GetTypeReference(handle);
            var name = reader.GetString(type.Name);
            if (type.ResolutionScope.Kind == HandleKind.TypeReference)
                return GetTypeFromReference(reader, (TypeReferenceHandle)type.ResolutionScope, rawTypeKind) + "." + name;
            var ns = reader.GetString(type.Namespace);
            return ns.Length > 0 ? ns + "." + name : name;
        }
    }
}
