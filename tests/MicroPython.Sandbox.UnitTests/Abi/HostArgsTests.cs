using MicroPython.Sandbox.Abi;

namespace MicroPython.Sandbox.UnitTests;

/// <summary>The argument and result slots a host import reads and writes.</summary>
public class HostArgsTests
{
    [Fact]
    public unsafe void ReadingPastTheSlotsOfACallIsRefused()
    {
        var slots = new RawValue[2];
        slots[1].I32 = -5;
        fixed (RawValue* p = slots)
        {
            var args = new HostArgs(p, slots.Length);
            Assert.Equal(-5, args.Int(1));
            Assert.Equal(uint.MaxValue - 4, args.UInt(1));
            args.Return(-1);
            Assert.Equal(0xFFFF_FFFFL, slots[0].I64); // an i32 result leaves the slot's upper half clear
            bool refused = false;
            try { args.Int(2); } catch (InvalidOperationException) { refused = true; }
            Assert.True(refused);
        }
    }
}
