#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one `write(2)` loop of the program (output files, standard output and error).
public enum DescriptorWrite {
  /// Writes every byte of `bytes` to `descriptor`, continuing after short writes and EINTR.
  /// - Returns: nil on success, else the `errno` of the failed write (EPIPE, ENOSPC, EBADF, …).
  public static func all(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> Int32? {
    var offset = 0
    while offset < bytes.count {
      #if canImport(Glibc)
      let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
      #else
      let written = Darwin.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
      #endif
      if written < 0 {
        if errno == EINTR { continue }
        return errno
      }
      offset += written
    }
    return nil
  }
}
