namespace MicroPython.Sandbox.Abi.Proxy;

// The numbers in this file are MicroPython's, not ours: they must match ports/webassembly/proxy_c.c and
// proxy_js.js of the MicroPython release the engine is built from (engine/engine.props). A MicroPython
// upgrade that renumbers them must change this file, and nothing else should spell them out.

/// <summary>
/// What a value slot holds when MicroPython hands a Python value to the host (proxy_c.c <c>PROXY_KIND_MP_*</c>):
/// call arguments, attribute values and the outcome of a run.
/// </summary>
internal enum MpKind
{
    /// <summary>The run raised: payload is the report's length (+4) and a malloc'ed UTF-8 copy (+8) the host frees.</summary>
    Exception = -1,

    /// <summary>No value (<c>MP_OBJ_NULL</c>).</summary>
    Null = 0,

    /// <summary><c>None</c>.</summary>
    None = 1,

    /// <summary>A bool: 0 or 1 at +4.</summary>
    Bool = 2,

    /// <summary>A small int, truncated to 32 bits, at +4.</summary>
    Int = 3,

    /// <summary>A float as a double at +4.</summary>
    Float = 4,

    /// <summary>A str: byte length at +4 and a pointer to the object's own bytes at +8 (not the host's to free).</summary>
    Str = 5,

    /// <summary>A callable: its Python reference (<c>proxy_c_ref</c> index) at +4, which the host must release.</summary>
    Callable = 6,

    /// <summary>A generator: its Python reference at +4, which the host must release.</summary>
    Generator = 7,

    /// <summary>Any other object: its Python reference at +4, which the host must release.</summary>
    Object = 8,

    /// <summary>A proxy of a host reference, the reference at +4.</summary>
    JsProxy = 9,

    /// <summary>An object the host already has a proxy for, the host's index at +4.</summary>
    Existing = 10,
}

/// <summary>
/// What a value slot holds when the host hands a value to MicroPython (proxy_c.c <c>PROXY_KIND_JS_*</c>): return
/// values of host calls, attribute values and call arguments.
/// </summary>
internal enum JsKind
{
    /// <summary>JavaScript's <c>undefined</c> (Python sees MicroPython's <c>undefined</c> object).</summary>
    Undefined = 0,

    /// <summary><c>null</c>, which Python sees as <c>None</c>.</summary>
    Null = 1,

    /// <summary>A boolean: 0 or 1 at +4.</summary>
    Boolean = 2,

    /// <summary>A 32-bit integer at +4.</summary>
    Integer = 3,

    /// <summary>A double at +4.</summary>
    Double = 4,

    /// <summary>A string: byte length at +4 and a malloc'ed UTF-8 copy at +8, which the C side takes and frees.</summary>
    String = 5,

    /// <summary>A host reference (at +4) Python already holds a proxy for: the C side reuses that proxy.</summary>
    ObjectExisting = 6,

    /// <summary>A host reference (at +4) Python gets a new proxy for.</summary>
    Object = 7,

    /// <summary>A Python object (its <c>proxy_c_ref</c> index at +4) coming back as itself.</summary>
    PyProxy = 8,
}

/// <summary>What the <c>lookup_attr</c> import returns (proxy_js.js / objjsproxy.c).</summary>
internal static class AttrLookup
{
    /// <summary>No such attribute: Python raises AttributeError.</summary>
    public const int Missing = 0;

    /// <summary>Found; the value is in the out slot.</summary>
    public const int Found = 1;

    /// <summary>Found, and a function: the C side binds it to its object, as for a JavaScript method.</summary>
    public const int FoundFunction = 2;
}
