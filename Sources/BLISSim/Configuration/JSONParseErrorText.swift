import Foundation

/// The most specific one-line reason a `JSONSerialization` parse failed: its debug description
/// ("Unexpected end of file during JSON parse.") when present, else the generic description.
func jsonParseErrorText(_ error: any Error) -> String {
  let error = error as NSError
  return (error.userInfo[NSDebugDescriptionErrorKey] as? String) ?? error.localizedDescription
}
