using System.Security.Cryptography;

namespace LoanService.Domain.CreditLines;

/// <summary>
/// Random (version 4, RFC 9562) ids for journal entries, like <see cref="Guid.NewGuid"/>: 122 bits
/// from the operating system's cryptographically secure generator. <see cref="Guid.NewGuid"/> makes
/// one system call per id, which costs more than the rest of a day's close for a line; this draws
/// the random bytes 4 KiB at a time, per thread.
/// </summary>
internal static class EntryIds
{
    private const int BufferSize = 4096;

    [ThreadStatic] private static byte[]? _buffer;
    [ThreadStatic] private static int _next;

    public static Guid New()
    {
        var buffer = _buffer;
        if (buffer is null || _next == BufferSize)
        {
            buffer = _buffer ??= new byte[BufferSize];
            RandomNumberGenerator.Fill(buffer);
            _next = 0;
        }

        var bytes = buffer.AsSpan(_next, 16);
        _next += 16;
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4 (high nibble of the 3rd group, little-endian)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // variant 10xx (RFC 9562)
        var id = new Guid(bytes);
        bytes.Clear(); // an id handed out is not kept in the buffer
        return id;
    }
}
