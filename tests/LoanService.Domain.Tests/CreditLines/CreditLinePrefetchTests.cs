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
        RuntimeHelpers.GetUninitializedObject(typeof(CreditLine)); // the type loaded, so the next allocation is the object alone
        var before = GC.GetAllocatedBytesForCurrentThread();
        var line = RuntimeHelpers.GetUninitializedObject(typeof(CreditLine));
        var objectBytes = GC.GetAllocatedBytesForCurrentThread() - before;
        GC.KeepAlive(line);
        // An object is its header and its type's pointer (a word each), then its fields.
        Assert.Equal(CreditLine.FieldBytes, objectBytes - 2 * IntPtr.Size);
    }
}
