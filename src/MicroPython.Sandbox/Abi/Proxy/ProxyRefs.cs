namespace MicroPython.Sandbox.Abi.Proxy;

/// <summary>
/// The host-reference numbers (<c>proxy_js_ref</c> indices) the guest can hold, each with its owner. Python reaches
/// the host only through these numbers, so this table is the whole of what the host exposes to it. To add a host
/// object, take a free number here (12-15 are free) and hand it out from the owner's lookup.
/// </summary>
internal static class ProxyRefs
{
    // ---- Fixed by MicroPython (proxy_js.js PROXY_JS_REF_NUM_STATIC = 2) ----

    /// <summary>JavaScript's globalThis: the <c>js</c> module. Looked up by <see cref="ProxyImports"/>.</summary>
    public const int GlobalThis = 0;

    /// <summary>JavaScript's <c>undefined</c>.</summary>
    public const int Undefined = 1;

    /// <summary>How many references MicroPython makes at start-up (<see cref="GlobalThis"/> and <see cref="Undefined"/>).</summary>
    public const int StaticCount = 2;

    // ---- A session's bridge (Bridge/HostBridge) ----

    /// <summary>The session's host module object, registered as the module <c>Prelude.HostModule</c>.</summary>
    public const int HostRoot = 2;

    /// <summary>The bridge's <c>call</c>: a host function call with JSON-encoded arguments.</summary>
    public const int HostCall = 3;

    /// <summary>The bridge's <c>fetch</c>: the pending result or error of the last call.</summary>
    public const int HostFetch = 4;

    /// <summary>The bridge's <c>result</c>: the prelude reports a run's value.</summary>
    public const int HostResult = 5;

    /// <summary>The bridge's <c>keep</c>: the prelude hands over its entry points.</summary>
    public const int HostKeep = 6;

    /// <summary>The bridge's <c>source</c>: the prelude's Python source.</summary>
    public const int HostSource = 7;

    // ---- The event loop (Runtime/EventLoop, Runtime/TimerQueue) ----

    /// <summary><c>js.setTimeout</c>.</summary>
    public const int SetTimeout = 8;

    /// <summary><c>js.clearTimeout</c>.</summary>
    public const int ClearTimeout = 9;

    // ---- Standard input (Runtime/StandardInput) ----

    /// <summary>The line reader behind <c>input()</c> (<c>js.mpsandbox_read_line</c>).</summary>
    public const int ReadLine = 10;

    // ---- HTTP (Network/GuestHttp) ----

    /// <summary>The network call behind <c>requests</c> and <c>urllib.request</c> (<c>js.mpsandbox_http</c>).</summary>
    public const int Http = 11;

    // ---- 12-15 are free. ----

    /// <summary>A session's registered host functions: function <c>n</c> is <c>FirstFunction + n</c> (Bridge/HostBridge).</summary>
    public const int FirstFunction = 16;
}
