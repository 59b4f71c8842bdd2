namespace MicroPython.Sandbox.Cli;

/// <summary>
/// <c>--session FILE</c>: a <see cref="PythonSession"/> kept in a file between invocations. It is restored before the
/// program runs (a file that does not exist yet starts a fresh session) and saved after a run that counts, that is
/// one that completed or raised a Python error, as the session itself keeps what ran before an exception. A run that
/// hit a limit or was cancelled was rolled back, so the file is left as it was. Saving writes a temporary file next
/// to the session file and renames it over the old one, so a crash or a full disk never leaves half a snapshot.
/// </summary>
internal static class SessionFile
{
    /// <summary>
    /// The session saved in <paramref name="path"/>, or a fresh one when there is no such file; null, with the problem
    /// in the user's terms, when the file cannot be read or is not a snapshot this build restores. The file is never
    /// changed here.
    /// </summary>
    public static PythonSession? Open(SandboxRuntime runtime, string path, SandboxOptions options, out string? problem)
    {
        problem = null;
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        }
        catch (FileNotFoundException)
        {
            return runtime.CreateSession(options);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A missing directory is a typo, not a new session: saving there would fail after the run anyway.
            problem = $"cannot read the session file '{path}': {e.Message}";
            return null;
        }

        using (stream)
        {
            try
            {
                return PythonSession.Restore(runtime, stream, options);
            }
            catch (SessionSnapshotException e)
            {
                problem = $"cannot restore the session file '{path}': {Explain(e)} The file was left as it is; delete it (or use another) to start a fresh session.";
                return null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problem = $"cannot read the session file '{path}': {e.Message}";
                return null;
            }
        }
    }

    /// <summary>Saves <paramref name="session"/> to <paramref name="path"/>, replacing it whole or not at all; the problem, if any.</summary>
    public static string? Save(PythonSession session, string path)
    {
        string full = Path.GetFullPath(path);
        // Same directory as the target, so the rename is atomic (one file system) and replaces it in one step.
        string temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                session.Save(stream);
                // On disk before the rename: otherwise a power cut could leave the new name over empty contents.
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            return $"cannot save the session file '{path}': {e.Message} The file was left as it was before this run.";
        }
    }

    private static string Explain(SessionSnapshotException e) => e.Reason switch
    {
        SessionSnapshotError.EngineMismatch or SessionSnapshotError.UnsupportedVersion =>
            "it was saved by another version of mpsandbox, which only that version can restore.",
        SessionSnapshotError.ExceedsLimits => $"it holds more than this command's limits allow ({e.Message.TrimEnd('.')}); raise --memory.",
        SessionSnapshotError.Truncated => "the file ends before the session it declares does (it is cut short, or not a session file at all).",
        _ => "it is not a session file, or it was damaged after it was saved.",
    };

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing more to do: the session file itself is untouched, and the leftover is named as temporary.
        }
    }
}
