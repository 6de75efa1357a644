using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace FastDays.Persistence;

/// <summary>What a path is, read with Linux's statx (whose struct has one layout on every architecture): its type and its device and inode, which
/// name a directory however it is reached.</summary>
internal static partial class NativeStat
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1, StatxIno = 0x100;
    private const int FileTypeMask = 0xF000;

    private static bool _unavailable = !OperatingSystem.IsLinux();

    /// <summary>The file type bits of st_mode and the (device, inode) pair, or null where statx is not available (not Linux, an old C library) or
    /// the path cannot be examined.</summary>
    public static (int Type, (uint Major, uint Minor, ulong Inode) Id)? Stat(string path, bool followLinks = true)
    {
        if (_unavailable) return null;
        var buffer = new byte[256];
        try
        {
            if (Statx(AtFdCwd, path, followLinks ? 0 : AtSymlinkNoFollow, StatxType | StatxIno, buffer) != 0) return null;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            _unavailable = true;
            return null;
        }
        // struct statx: stx_mode (u16) at 28, stx_ino (u64) at 32, stx_dev_major and stx_dev_minor (u32) at 136 and 140.
        var mode = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(28));
        var id = (BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(136)), BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(140)),
            BinaryPrimitives.ReadUInt64LittleEndian(buffer.AsSpan(32)));
        return (mode & FileTypeMask, id);
    }

    /// <summary>The name of a file type of st_mode, for messages.</summary>
    public static string Describe(int type) => type switch
    {
        0x1000 => "a FIFO (named pipe)",
        0x2000 => "a character device",
        0x4000 => "a directory",
        0x6000 => "a block device",
        0x8000 => "a regular file",
        0xA000 => "a symbolic link",
        0xC000 => "a socket",
        _ => $"a file of type 0x{type:x}",
    };

    /// <summary>The st_mode type of a regular file.</summary>
    public const int Regular = 0x8000;

    /// <summary>The st_mode type of a directory.</summary>
    public const int Directory = 0x4000;

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, [Out] byte[] buffer);
}
