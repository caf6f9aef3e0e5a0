using System.Runtime.CompilerServices;
using LoanService.Domain.CreditLines;

namespace LoanService.Domain.Tests.CreditLines;

/// <summary>
/// <see cref="CreditLine.Prefetch"/> asks for <see cref="CreditLine.FieldBytes"/> from the line's first field: they must
/// be the line's fields as the runtime lays them out, or a close over many lines waits on memory for the rest again.
/// </summary>
public class CreditLinePrefetchTests
{
    [Fact]
    public void FieldBytes_AreTheBytesOfTheLinesFields()
    {
        // The least of a few measurements: the first call fills the runtime's own cache for making the type without a
        // constructor, which it holds weakly, and a collection in between (other tests allocate meanwhile) makes a call
        // fill it again and count those bytes too. Anything else only ever adds bytes, never takes any away.
        var objectBytes = long.MaxValue;
        for (var i = 0; i < 4; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var line = RuntimeHelpers.GetUninitializedObject(typeof(CreditLine));
            objectBytes = Math.Min(objectBytes, GC.GetAllocatedBytesForCurrentThread() - before);
            GC.KeepAlive(line);
        }
        // An object is its header and its type's pointer (a word each), then its fields.
        Assert.Equal(CreditLine.FieldBytes, objectBytes - 2 * IntPtr.Size);
    }
}
