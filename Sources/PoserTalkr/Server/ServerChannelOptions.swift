import NIOCore

/// The socket settings of accepted connections, in one place because the congestion rule
/// (`ConnectionEndpoint`) is stated in the same bytes as the write buffer.
enum ServerChannelOptions {
    /// Large transfers read up to 1 MiB at a time.
    static let maxReadSize = 1 << 20
    /// A connection stops being writable with this much queued for the socket, and its
    /// requests are held back.
    static let writeBufferHighWater = 4 << 20
    static let writeBufferLowWater = 1 << 20
}
