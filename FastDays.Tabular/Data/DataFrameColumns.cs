using System.Globalization;
using Microsoft.Data.Analysis;

namespace FastDays.Tabular.Data;

/// <summary>Table columns from Microsoft.Data.Analysis DataFrame columns: numeric columns become numbers, every other column text.</summary>
internal static class DataFrameColumns
{
    /// <summary>A DataFrame column as a TableColumn (nulls missing); whole-number types count as integers, floating-point ones never do.</summary>
    public static TableColumn Column(DataFrameColumn column, string source)
    {
        if (column.Length > int.MaxValue) throw new ArgumentException($"{source}: column '{column.Name}' has {column.Length} rows, more than a table holds");
        var n = (int)column.Length;
        var type = Nullable.GetUnderlyingType(column.DataType) ?? column.DataType;
        if (Type.GetTypeCode(type) is TypeCode.Double or TypeCode.Single or TypeCode.Decimal or TypeCode.Int64 or TypeCode.Int32 or TypeCode.Int16
            or TypeCode.SByte or TypeCode.UInt64 or TypeCode.UInt32 or TypeCode.UInt16 or TypeCode.Byte)
        {
            var numbers = new double[n];
            for (var i = 0; i < n; i++) numbers[i] = column[i] is { } v ? Convert.ToDouble(v, CultureInfo.InvariantCulture) : double.NaN;
            var whole = Type.GetTypeCode(type) is not (TypeCode.Double or TypeCode.Single or TypeCode.Decimal);
            return TableColumn.OfNumbers(numbers, pointless: whole);
        }
        var texts = new string?[n];
        for (var i = 0; i < n; i++) texts[i] = column[i] is { } v ? Convert.ToString(v, CultureInfo.InvariantCulture) : null;
        return TableColumn.FromText(texts);
    }
}
