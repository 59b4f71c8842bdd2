using System.Buffers.Binary;
using System.Reflection;
using MicroPython.Sandbox.Abi.Proxy;

namespace MicroPython.Sandbox.UnitTests;

/// <summary>The proxy value slot and the host-reference table, on plain bytes.</summary>
public sealed class ProxyAbiTests
{
    [Fact]
    public void AnIntegerSlotHoldsItsKindAtZeroAndItsValueAtFour()
    {
        var bytes = new byte[ValueSlot.Size];
        new ValueSlot(bytes).WriteInteger(-42);
        Assert.Equal((int)JsKind.Integer, BinaryPrimitives.ReadInt32LittleEndian(bytes));
        Assert.Equal(-42, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4)));
    }

    [Fact]
    public void ADoubleSlotHoldsTheDoubleFromOffsetFour()
    {
        var bytes = new byte[ValueSlot.Size];
        var slot = new ValueSlot(bytes);
        slot.WriteDouble(2.5);
        Assert.Equal((int)JsKind.Double, slot.Kind);
        Assert.Equal(2.5, BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(4)));
        Assert.Equal(2.5, slot.Double);
    }

    [Fact]
    public void AStringSlotHoldsItsLengthAtFourAndItsPointerAtEight()
    {
        var bytes = new byte[ValueSlot.Size];
        var slot = new ValueSlot(bytes);
        slot.WriteString(5, 0x1000);
        Assert.Equal(((int)JsKind.String, 5u, 0x1000u), (slot.Kind, slot.Length, slot.Pointer));
        Assert.Equal(0x1000u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)));
    }

    [Fact]
    public void WritingAValueClearsWhatTheSlotHeldBefore()
    {
        var bytes = Enumerable.Repeat((byte)0xFF, ValueSlot.Size).ToArray();
        new ValueSlot(bytes).WriteUndefined();
        Assert.All(bytes, b => Assert.Equal(0, b));
    }

    [Fact]
    public void AnObjectSlotSaysWhetherPythonAlreadyHoldsAProxyForTheReference()
    {
        var bytes = new byte[ValueSlot.Size];
        var slot = new ValueSlot(bytes);
        slot.WriteObject(ProxyRefs.HostRoot);
        Assert.Equal(((int)JsKind.Object, ProxyRefs.HostRoot), (slot.Kind, slot.Int32));
        slot.WriteObject(ProxyRefs.HostRoot, existing: true);
        Assert.Equal((int)JsKind.ObjectExisting, slot.Kind);
    }

    [Fact]
    public void ASlotWritesOnlyItsOwnTwelveBytes()
    {
        var bytes = new byte[ValueSlot.Size + 4];
        bytes.AsSpan(ValueSlot.Size).Fill(0xAB);
        new ValueSlot(bytes).WriteString(1, 2);
        Assert.All(bytes[ValueSlot.Size..], b => Assert.Equal(0xAB, b));
    }

    [Fact]
    public void AShortBufferIsNotASlot() =>
        Assert.Throws<ArgumentException>(() => new ValueSlot(new byte[ValueSlot.Size - 1]));

    [Theory]
    [InlineData((int)MpKind.Callable, true)]
    [InlineData((int)MpKind.Generator, true)]
    [InlineData((int)MpKind.Object, true)]
    [InlineData((int)MpKind.Str, false)]
    [InlineData((int)MpKind.Int, false)]
    [InlineData((int)MpKind.JsProxy, false)]
    [InlineData((int)MpKind.Exception, false)]
    public void OnlyCallablesGeneratorsAndOtherObjectsHoldAReferenceTheHostMustRelease(int kind, bool holds)
    {
        var bytes = new byte[ValueSlot.Size];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, kind);
        Assert.Equal(holds, new ValueSlot(bytes).HoldsPythonReference);
    }

    [Fact]
    public void EveryHostReferenceNumberHasOneOwnerAndFunctionsComeAfterThemAll()
    {
        var numbers = typeof(ProxyRefs).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.Name != nameof(ProxyRefs.StaticCount))
            .ToDictionary(f => f.Name, f => (int)f.GetRawConstantValue()!);
        Assert.Equal(numbers.Count, numbers.Values.Distinct().Count());
        Assert.All(numbers.Where(n => n.Key != nameof(ProxyRefs.FirstFunction)), n => Assert.True(n.Value < ProxyRefs.FirstFunction, n.Key));
        Assert.All(numbers.Where(n => n.Key is not (nameof(ProxyRefs.GlobalThis) or nameof(ProxyRefs.Undefined))),
            n => Assert.True(n.Value >= ProxyRefs.StaticCount, $"{n.Key} collides with MicroPython's static references"));
    }
}
