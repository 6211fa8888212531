import Foundation

/// Why bytes could not be read as a JSON object; callers map it to their own typed, one-line error.
public enum JSONObjectFailure: Error {
  /// Valid JSON whose top level is not an object (an array, a string, …).
  case notAnObject
  /// Not JSON; `detail` is the parser's most specific one-line reason.
  case malformed(detail: String)

  /// One line for a whole-file error: "top level is not an object" or the parser's reason.
  public var message: String {
    switch self {
    case .notAnObject: return "top level is not an object"
    case .malformed(let detail): return ErrorText.oneLine(detail, limit: 200)
    }
  }
}

/// `data` parsed as a top-level JSON object (config.json, the hardware file, one stepbench or
/// `steptime --batches` line), after the size and nesting limits of `DocumentLimits`.
public func parseJSONObject(_ data: Data) throws(JSONObjectFailure) -> [String: Any] {
  do { try DocumentLimits.check(data) } catch { throw .malformed(detail: error.description) }
  let value: Any
  do { value = try JSONSerialization.jsonObject(with: data) } catch { throw .malformed(detail: jsonParseErrorText(error)) }
  guard let object = value as? [String: Any] else { throw .notAnObject }
  return object
}

/// Whether a JSONSerialization value is a JSON `true`/`false` (not a number): on Linux both arrive
/// as `NSNumber`, so `as? NSNumber` alone would read `true` as 1.
public func isJSONBool(_ v: Any) -> Bool {
  if let n = v as? NSNumber { return String(cString: n.objCType) == "c" }
  return v is Bool
}

/// The most specific one-line reason a `JSONSerialization` parse failed: its debug description
/// ("Unexpected end of file during JSON parse.") when present, else the generic description.
private func jsonParseErrorText(_ error: any Error) -> String {
  let error = error as NSError
  return (error.userInfo[NSDebugDescriptionErrorKey] as? String) ?? error.localizedDescription
}
