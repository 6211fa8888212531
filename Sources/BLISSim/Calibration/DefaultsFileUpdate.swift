import Foundation

/// Writes an edited `defaults.yaml` atomically, after checking that it parses and that the simulator
/// would now pick the new row for its (id, GPU, TP).
public enum DefaultsFileUpdate {
  /// Why the edited text was not written.
  public struct VerificationError: Error, Equatable, Sendable, CustomStringConvertible {
    public var path: String
    public var message: String
    public var description: String { "\(path): edited file rejected, left unchanged: \(message)" }
  }

  /// Verifies `text` and replaces the file at `url` with it atomically (a temporary file in the same
  /// folder, synced, then renamed over the old one): readers see the old file or the new one, never
  /// a partial file; on any failure the old file is untouched and the temporary file is removed.
  ///
  /// - Parameter beforeCommit: called with the temporary file's URL once it holds the full text,
  ///   before the rename (tests use it to simulate a failure at the last moment).
  public static func write(_ text: String, expecting row: DefaultsFile.CoefficientRow, to url: URL,
                           beforeCommit: (URL) throws -> Void = { _ in }) throws {
    let parsed: DefaultsFile
    do { parsed = try DefaultsFile.parse(text, source: url.path) } catch {
      throw VerificationError(path: url.path, message: "does not parse: \(error.message)")
    }
    guard let found = parsed.coefficients(model: row.id, gpu: row.gpu, tp: row.tensorParallelism),
          found.beta == row.betaCoeffs, found.alpha == row.alphaCoeffs else {
      throw VerificationError(path: url.path, message: "the new row for \(row.id) \(row.gpu) TP\(row.tensorParallelism) is not the one lookups find")
    }
    try AtomicFileWriter.write(Data(text.utf8), to: url, beforeCommit: beforeCommit)
  }
}
