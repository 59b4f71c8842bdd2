using System.Text;
using MicroPython.Sandbox.FileSystem;
using MicroPython.Sandbox.Runtime;

namespace MicroPython.Sandbox.Abi;

/// <summary>
/// The Emscripten filesystem syscalls and WASI fd calls, dispatched to the interpreter's
/// <see cref="VirtualFileSystem"/>. Standard output and error are captured in memory. Syscalls return
/// -errno, WASI calls return errno; every guest pointer goes through <see cref="GuestMemory"/>.
/// </summary>
internal static class FileSystemImports
{
    private const int StdinFd = 0, StdoutFd = 1, StderrFd = 2;
    private const int DirentSize = 280, DirentNameOffset = 19;
    private const int AtRemoveDir = 0x200, AtSymlinkNoFollow = 0x100, AtEmptyPath = 0x1000;
    private const int StatFsSize = 88;

    public static void AddTo(HostImports.Registrar add)
    {
        add("wasi_snapshot_preview1", "fd_write", "iiii:i", (i, a) => a.Return(FdWrite(i, a.Int(0), a.UInt(1), a.Int(2), a.UInt(3))));
        add("wasi_snapshot_preview1", "fd_read", "iiii:i", (i, a) => a.Return(FdRead(i, a.Int(0), a.UInt(1), a.Int(2), a.UInt(3))));
        add("wasi_snapshot_preview1", "fd_close", "i:i", (i, a) =>
        {
            int fd = a.Int(0);
            a.Return(fd is >= 0 and <= StderrFd ? 0 : Wasi(() => i.FileSystem.Close(fd)));
        });
        add("wasi_snapshot_preview1", "fd_sync", "i:i", (i, a) =>
        {
            int fd = a.Int(0);
            a.Return(fd is >= 0 and <= StderrFd ? 0 : Wasi(() => i.FileSystem.Handle(fd)));
        });
        add("wasi_snapshot_preview1", "fd_seek", "iIii:i", (i, a) =>
        {
            int fd = a.Int(0), whence = a.Int(2);
            long offset = a.Long(1);
            uint newOffset = a.UInt(3);
            a.Return(fd is >= 0 and <= StderrFd
                ? Errno.ESPIPE
                : Wasi(() => i.Memory.WriteInt64(newOffset, i.FileSystem.Handle(fd).Seek(offset, whence))));
        });

        add("env", "__syscall_getcwd", "ii:i", (i, a) =>
        {
            int buf = a.Int(0), size = a.Int(1);
            byte[] cwd = Encoding.UTF8.GetBytes(i.FileSystem.CurrentDirectory + "\0");
            if (size == 0) a.Return(-Errno.EINVAL);
            else if ((uint)size < cwd.Length) a.Return(-Errno.ERANGE);
            else
            {
                cwd.CopyTo(i.Memory.Span((uint)buf, (uint)cwd.Length));
                a.Return(cwd.Length);
            }
        });
        add("env", "__syscall_chdir", "i:i", (i, a) =>
        {
            int path = a.Int(0);
            a.Return(Sys(() => i.FileSystem.ChangeDirectory(ReadPath(i, path))));
        });
        add("env", "__syscall_openat", "iiii:i", (i, a) =>
        {
            int dirfd = a.Int(0), path = a.Int(1), flags = a.Int(2);
            // The fourth argument points at the mode; permission bits are not modelled, so it is not read.
            a.Return(SysResult(() => i.FileSystem.Open(ReadPath(i, path), flags, dirfd)));
        });
        add("env", "__syscall_mkdirat", "iii:i", (i, a) =>
        {
            int dirfd = a.Int(0), path = a.Int(1);
            a.Return(Sys(() => i.FileSystem.CreateDirectory(ReadPath(i, path), dirfd)));
        });
        add("env", "__syscall_rmdir", "i:i", (i, a) =>
        {
            int path = a.Int(0);
            a.Return(Sys(() => i.FileSystem.RemoveDirectory(ReadPath(i, path))));
        });
        add("env", "__syscall_unlinkat", "iii:i", (i, a) =>
        {
            int dirfd = a.Int(0), path = a.Int(1), flags = a.Int(2);
            a.Return(Sys(() =>
            {
                string p = ReadPath(i, path);
                if (flags == AtRemoveDir) i.FileSystem.RemoveDirectory(p, dirfd);
                else if (flags == 0) i.FileSystem.Unlink(p, dirfd);
                else throw new FileSystemException(Errno.EINVAL);
            }));
        });
        add("env", "__syscall_renameat", "iiii:i", (i, a) =>
        {
            int olddirfd = a.Int(0), oldpath = a.Int(1), newdirfd = a.Int(2), newpath = a.Int(3);
            a.Return(Sys(() => i.FileSystem.Rename(ReadPath(i, oldpath), olddirfd, ReadPath(i, newpath), newdirfd)));
        });
        // There are no symbolic links, so lstat is stat.
        HostCall stat = (i, a) =>
        {
            int path = a.Int(0), buf = a.Int(1);
            a.Return(Sys(() => WriteStat(i, buf, i.FileSystem.Stat(ReadPath(i, path)))));
        };
        add("env", "__syscall_stat64", "ii:i", stat);
        add("env", "__syscall_lstat64", "ii:i", stat);
        add("env", "__syscall_newfstatat", "iiii:i", (i, a) =>
        {
            int dirfd = a.Int(0), path = a.Int(1), buf = a.Int(2), flags = a.Int(3);
            a.Return(Sys(() =>
            {
                if ((flags & ~(AtSymlinkNoFollow | AtEmptyPath)) != 0) throw new FileSystemException(Errno.EINVAL);
                if ((flags & AtEmptyPath) != 0 && path != 0 && i.Memory.Span((uint)path, 1)[0] == 0)
                {
                    WriteStat(i, buf, Fstat(i, dirfd));
                    return;
                }
                WriteStat(i, buf, i.FileSystem.Stat(ReadPath(i, path), dirfd));
            }));
        });
        add("env", "__syscall_fstat64", "ii:i", (i, a) =>
        {
            int fd = a.Int(0), buf = a.Int(1);
            a.Return(Sys(() => WriteStat(i, buf, Fstat(i, fd))));
        });
        add("env", "__syscall_statfs64", "iii:i", (i, a) =>
        {
            int path = a.Int(0), size = a.Int(1);
            uint buf = a.UInt(2);
            a.Return(Sys(() =>
            {
                if (size != StatFsSize) throw new FileSystemException(Errno.EINVAL);
                i.FileSystem.Stat(ReadPath(i, path));
                WriteStatFs(i, buf);
            }));
        });
        add("env", "__syscall_getdents64", "iii:i", (i, a) =>
        {
            int fd = a.Int(0), count = a.Int(2);
            uint dirp = a.UInt(1);
            a.Return(SysResult(() => GetDents(i, fd, dirp, count)));
        });
        add("env", "__syscall_poll", "iii:i", (_, a) => a.Return(0));
    }

    /// <summary>Failures that become an error number for the guest; anything else is a host bug and traps.</summary>
    private static bool IsRefusal(Exception e) =>
        e is FileSystemException or IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException;

    private static int ErrnoOf(Exception e) => e switch
    {
        FileSystemException fs => fs.Errno,
        IOException or UnauthorizedAccessException => HostMount.ErrnoFor(e),
        _ => Errno.EINVAL,
    };

    /// <summary>Runs a syscall body: 0 on success, -errno on a refused operation.</summary>
    private static int Sys(Action body) => SysResult(() =>
    {
        body();
        return 0;
    });

    /// <summary>Runs a syscall body that returns a count or descriptor; -errno on a refused operation.</summary>
    private static int SysResult(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (IsRefusal(e))
        {
            return -ErrnoOf(e);
        }
    }

    /// <summary>Runs a WASI call body: 0 on success, errno on a refused operation.</summary>
    private static int Wasi(Action body)
    {
        try
        {
            body();
            return 0;
        }
        catch (Exception e) when (IsRefusal(e))
        {
            return ErrnoOf(e);
        }
    }

    /// <summary>
    /// Reads a NUL-terminated guest path without trusting its length: EFAULT outside memory,
    /// ENAMETOOLONG past the limit (never a trap), EINVAL for invalid UTF-8.
    /// </summary>
    internal static string ReadPath(Interpreter interp, int pointer)
    {
        long size = interp.Memory.Length;
        if (pointer == 0 || (uint)pointer >= size) throw new FileSystemException(Errno.EFAULT);
        var span = interp.Memory.Span((uint)pointer, (uint)Math.Min(GuestPath.MaxPathBytes + 1L, size - (uint)pointer));
        int end = span.IndexOf((byte)0);
        if (end < 0) throw new FileSystemException(span.Length > GuestPath.MaxPathBytes ? Errno.ENAMETOOLONG : Errno.EFAULT);
        return GuestPath.Decode(span[..end]);
    }

    /// <summary>fstat of an open descriptor; the standard streams are not files here (EBADF, as before there was a filesystem).</summary>
    private static StatInfo Fstat(Interpreter interp, int fd) => fd is >= 0 and <= StderrFd
        ? throw new FileSystemException(Errno.EBADF)
        : interp.FileSystem.Handle(fd).Stat();

    private static void WriteStat(Interpreter interp, int buf, StatInfo stat) =>
        StatWriter.Write(interp.Memory, (uint)buf, stat.IsDirectory, stat.Size, stat.Inode, stat.ReadOnly, stat.Modified);

    private static void WriteStatFs(Interpreter interp, uint buf)
    {
        var memory = interp.Memory;
        var fs = interp.FileSystem;
        memory.Span(buf, StatFsSize).Clear();
        const int blockSize = 4096;
        long blocks = fs.Limits.MaxBytes / blockSize;
        long free = Math.Max(0, fs.Limits.MaxBytes - fs.UsedBytes) / blockSize;
        memory.WriteInt32(buf + 4, blockSize);
        memory.WriteInt64(buf + 8, blocks);
        memory.WriteInt64(buf + 16, free);
        memory.WriteInt64(buf + 24, free);
        memory.WriteInt64(buf + 32, fs.Limits.MaxFiles);
        memory.WriteInt64(buf + 40, Math.Max(0, fs.Limits.MaxFiles - fs.FileCount));
        memory.WriteInt32(buf + 56, GuestPath.MaxComponentBytes);
        memory.WriteInt32(buf + 60, blockSize);
    }

    private static int GetDents(Interpreter interp, int fd, uint dirp, int count)
    {
        if (interp.FileSystem.Handle(fd) is not DirectoryHandle dir) throw new FileSystemException(Errno.ENOTDIR);
        var entries = dir.Entries();
        if (count < DirentSize) throw new FileSystemException(Errno.EINVAL);
        int written = 0;
        for (long index = dir.Position / DirentSize; index < entries.Count && written + DirentSize <= count; index++)
        {
            var (name, type, inode) = entries[(int)index];
            uint record = dirp + (uint)written;
            var span = interp.Memory.Span(record, DirentSize);
            span.Clear();
            interp.Memory.WriteInt64(record, inode);
            interp.Memory.WriteInt64(record + 8, (index + 1) * DirentSize);
            span[16] = DirentSize & 0xFF;
            span[17] = DirentSize >> 8;
            span[18] = type;
            Encoding.UTF8.GetBytes(name, span[DirentNameOffset..^1]);
            written += DirentSize;
            dir.Advance(DirentSize);
        }
        return written;
    }

    private static int FdWrite(Interpreter interp, int fd, uint iov, int iovcnt, uint pnum)
    {
        if (iovcnt < 0 || iovcnt > 1024) return Errno.EINVAL;
        var memory = interp.Memory;
        if (fd == StdoutFd || fd == StderrFd)
        {
            uint total = 0;
            for (int i = 0; i < iovcnt; i++)
            {
                uint ptr = memory.ReadUInt32(iov + (uint)(i * 8));
                uint len = memory.ReadUInt32(iov + (uint)(i * 8) + 4);
                interp.WriteOutput(fd, memory.Span(ptr, len));
                total += len;
            }
            memory.WriteInt32(pnum, (int)total);
            return 0;
        }
        if (fd == StdinFd) return Errno.EBADF;
        return Transfer(interp, fd, iov, iovcnt, pnum, (handle, span) => handle.Write(span));
    }

    private static int FdRead(Interpreter interp, int fd, uint iov, int iovcnt, uint pnum)
    {
        if (iovcnt < 0 || iovcnt > 1024) return Errno.EINVAL;
        if (fd == StdinFd) return ReadStandardInput(interp, iov, iovcnt, pnum);
        if (fd is StdoutFd or StderrFd) return Errno.EBADF;
        return Transfer(interp, fd, iov, iovcnt, pnum, (handle, span) => handle.Read(span));
    }

    /// <summary>sys.stdin reads the run's <see cref="SandboxOptions.StandardInput"/>; without one it is at end of file.</summary>
    private static int ReadStandardInput(Interpreter interp, uint iov, int iovcnt, uint pnum)
    {
        var memory = interp.Memory;
        var stream = interp.CurrentRun?.Stdin;
        int total = 0;
        try
        {
            for (int i = 0; stream is not null && i < iovcnt; i++)
            {
                uint ptr = memory.ReadUInt32(iov + (uint)(i * 8));
                uint len = Math.Min(memory.ReadUInt32(iov + (uint)(i * 8) + 4), 1 << 20);
                int done = stream.Read(memory.Span(ptr, len));
                total += done;
                if (done < len) break;
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or NotSupportedException)
        {
            return Errno.EIO;
        }
        memory.WriteInt32(pnum, total);
        return 0;
    }

    private delegate int TransferOne(OpenFile handle, Span<byte> buffer);

    /// <summary>Moves data for each iovec in turn; a failure after some bytes moved reports the short count, as Linux does.</summary>
    private static int Transfer(Interpreter interp, int fd, uint iov, int iovcnt, uint pnum, TransferOne one)
    {
        var memory = interp.Memory;
        long total = 0;
        try
        {
            var handle = interp.FileSystem.Handle(fd);
            for (int i = 0; i < iovcnt; i++)
            {
                uint ptr = memory.ReadUInt32(iov + (uint)(i * 8));
                uint len = memory.ReadUInt32(iov + (uint)(i * 8) + 4);
                int done = one(handle, memory.Span(ptr, len));
                total += done;
                if (done < len || total > int.MaxValue / 2) break;
            }
        }
        catch (Exception e) when (IsRefusal(e))
        {
            if (total == 0) return ErrnoOf(e);
        }
        memory.WriteInt32(pnum, (int)total);
        return 0;
    }
}
