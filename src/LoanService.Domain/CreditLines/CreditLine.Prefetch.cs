using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace LoanService.Domain.CreditLines;

public sealed partial class CreditLine
{
    /// <summary>
    /// How many lines ahead of the one it closes a close over many lines calls <see cref="Prefetch"/>: far enough
    /// that a line's fields have come from memory by the time its close starts (in memory a close takes a few hundred
    /// nanoseconds, a fetch from memory about a hundred), near enough that they are still in the cache then (four
    /// lines' fields are, however long the service's close spends on each line between them).
    /// </summary>
    public const int PrefetchDistance = 4;

    /// <summary>
    /// The bytes after the line's header and type pointer, its fields and their padding as a 64-bit runtime lays them
    /// out (<see cref="Prefetch"/>): 520 today, which CreditLinePrefetchTests holds against the object the runtime
    /// makes. A field added beyond them would only not be asked for ahead.
    /// </summary>
    internal const int FieldBytes = 520;

    /// <summary>
    /// Asks the processor to start bringing this line's fields into its cache, and returns at once. A close over many
    /// lines held in memory calls it for the line <see cref="PrefetchDistance"/> places ahead of the one it closes, so
    /// that the line's fields are on their way while the close works on others, instead of being read from memory as
    /// its close comes to them, the close waiting on most of those reads in turn. On 1,000,000 lines in
    /// memory that wait was a seventh of a settlement day's close, and at times a quarter (docs/benchmarks.md,
    /// "Waiting on memory").
    /// A hint only: it reads and changes nothing, and does nothing off x86/x64 (where <see cref="Sse.IsSupported"/> is false).
    /// </summary>
    public unsafe void Prefetch()
    {
        if (!Sse.IsSupported) return;
        // The line's address (where the pointer to its type is), its fields in the bytes after that word. Read
        // unpinned: it is never read through, and a prefetch of memory the collector has since moved the line out of
        // is a wasted hint, never a fault.
        var self = this;
        var first = Unsafe.As<CreditLine, nuint>(ref self) + (nuint)IntPtr.Size;
        for (var line = first & ~(nuint)63; line < first + FieldBytes; line += 64)
            Sse.Prefetch0((void*)line);
    }
}
