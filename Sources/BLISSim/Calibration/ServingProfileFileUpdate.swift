import Foundation

/// Writes a calibrated profile into a profiles file: the textual edit (`ServingProfileFileEditor`),
/// checked by parsing the result and finding exactly `profile` under its name, then written
/// atomically (temporary file + rename: readers see the old file or the new one; on failure the
/// old file is untouched).
public enum ServingProfileFileUpdate {
  /// Writes `profile` (with `comments` after fields) into the file at `url` (created if absent).
  /// - Parameter beforeCommit: called with the temporary file once it holds the text, before the
  ///   rename (tests use it to fail at the last moment).
  @discardableResult
  public static func write(_ profile: ServingProfile, comments: [String: String] = [:], to url: URL,
                           beforeCommit: (URL) throws -> Void = { _ in }) throws -> ServingProfileFileEditor.Placement {
    let old = FileManager.default.contents(atPath: url.path).map { String(decoding: $0, as: UTF8.self) } ?? ""
    let (text, placement) = try ServingProfileFileEditor.upsert(profile.yamlEntry(comments: comments), named: profile.name,
                                                                into: old, source: url.path)
    let parsed = try ServingProfileCatalog.parse(text, source: url.path)
    guard (try? parsed.profile(named: profile.name)) == profile else {
      throw ServingProfileError.malformed(file: url.path, reason: "the edited file does not read back profile \(profile.name) as written; left unchanged")
    }
    try AtomicFileWriter.write(Data(text.utf8), to: url, beforeCommit: beforeCommit)
    return placement
  }
}
