using MicroPython.Sandbox.Runtime;
using Wasmtime;

namespace MicroPython.Sandbox.Abi;

/// <summary>
/// The Emscripten filesystem syscalls and WASI fd calls. Standard output and error are captured in
/// memory; the guest has no filesystem: every path lookup fails with ENOENT, except the root directory.
/// </summary>
internal static class FileSystemImports
{
    private const int StdinFd = 0, StdoutFd = 1, StderrFd = 2;

    public static void Define(Linker linker)
    {
        linker.DefineFunction("wasi_snapshot_preview1", "fd_write", (Caller c, int fd, int iov, int iovcnt, int pnum) => FdWrite(Interpreter.Of(c), fd, (uint)iov, iovcnt, (uint)pnum));
        linker.DefineFunction("wasi_snapshot_preview1", "fd_read", (Caller c, int fd, int iov, int iovcnt, int pnum) =>
        {
            var interp = Interpreter.Of(c);
            if (fd != StdinFd) return Errno.EBADF;
            interp.Memory.WriteInt32((uint)pnum, 0); // stdin is always at end of file
            return 0;
        });
        linker.DefineFunction("wasi_snapshot_preview1", "fd_close", (Caller _, int fd) => fd <= StderrFd ? 0 : Errno.EBADF);
        linker.DefineFunction("wasi_snapshot_preview1", "fd_sync", (Caller _, int fd) => fd <= StderrFd ? 0 : Errno.EBADF);
        linker.DefineFunction("wasi_snapshot_preview1", "fd_seek", (Caller _, int fd, long offset, int whence, int newOffset) => fd <= StderrFd ? Errno.ESPIPE : Errno.EBADF);

        linker.DefineFunction("env", "__syscall_getcwd", (Caller c, int buf, int size) =>
        {
            if (size < 2) return -Errno.ERANGE;
            var span = Interpreter.Of(c).Memory.Span((uint)buf, 2);
            span[0] = (byte)'/';
            span[1] = 0;
            return 2;
        });
        linker.DefineFunction("env", "__syscall_chdir", (Caller c, int path) => IsRoot(c, path) ? 0 : -Errno.ENOENT);
        linker.DefineFunction("env", "__syscall_openat", (Caller c, int dirfd, int path, int flags, int varargs) => IsRoot(c, path) ? -Errno.EACCES : -Errno.ENOENT);
        linker.DefineFunction("env", "__syscall_mkdirat", (Caller c, int dirfd, int path, int mode) => IsRoot(c, path) ? -Errno.EEXIST : -Errno.EROFS);
        linker.DefineFunction("env", "__syscall_rmdir", (Caller c, int path) => IsRoot(c, path) ? -Errno.EBUSY : -Errno.ENOENT);
        linker.DefineFunction("env", "__syscall_unlinkat", (Caller c, int dirfd, int path, int flags) => IsRoot(c, path) ? -Errno.EISDIR : -Errno.ENOENT);
        linker.DefineFunction("env", "__syscall_renameat", (Caller c, int olddirfd, int oldpath, int newdirfd, int newpath) => -Errno.ENOENT);
        linker.DefineFunction("env", "__syscall_stat64", (Caller c, int path, int buf) => StatRoot(c, path, buf));
        linker.DefineFunction("env", "__syscall_lstat64", (Caller c, int path, int buf) => StatRoot(c, path, buf));
        linker.DefineFunction("env", "__syscall_newfstatat", (Caller c, int dirfd, int path, int buf, int flags) => StatRoot(c, path, buf));
        linker.DefineFunction("env", "__syscall_fstat64", (Caller c, int fd, int buf) => -Errno.EBADF);
        linker.DefineFunction("env", "__syscall_statfs64", (Caller c, int path, int size, int buf) => -Errno.ENOSYS);
        linker.DefineFunction("env", "__syscall_getdents64", (Caller c, int fd, int dirp, int count) => -Errno.EBADF);
        linker.DefineFunction("env", "__syscall_poll", (Caller c, int fds, int nfds, int timeout) => 0);
    }

    private static int FdWrite(Interpreter interp, int fd, uint iov, int iovcnt, uint pnum)
    {
        if (fd != StdoutFd && fd != StderrFd) return Errno.EBADF;
        if (iovcnt < 0 || iovcnt > 1024) return Errno.EINVAL;
        var memory = interp.Memory;
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

    private static bool IsRoot(Caller c, int path) => Interpreter.Of(c).Memory.ReadCString((uint)path) is "/" or "." or "";

    private static int StatRoot(Caller c, int path, int buf)
    {
        if (!IsRoot(c, path)) return -Errno.ENOENT;
        StatWriter.Write(Interpreter.Of(c).Memory, (uint)buf, isDirectory: true, size: 0, inode: 1);
        return 0;
    }
}
