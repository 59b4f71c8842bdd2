namespace MicroPython.Sandbox;

/// <summary>A host directory visible in the sandbox at <see cref="GuestPath"/>.</summary>
/// <param name="HostDirectory">The host directory, as given.</param>
/// <param name="GuestPath">The absolute guest path where it appears.</param>
/// <param name="Writable">True when the guest may create, change and delete files in it.</param>
public sealed record SandboxMount(string HostDirectory, string GuestPath, bool Writable);
