import Foundation
@testable import BLISSim

/// A command-line layer from `name: value` pairs, names as on the command line (`tp`, `num-requests`).
func flagLayer(_ values: [String: String]) -> SettingsLayer {
  var layer = SettingsLayer(origin: .flags)
  for (name, text) in values { precondition(layer.set(name, .text(text)), "no setting named \(name)") }
  return layer
}

/// The resolution error of `flags` (and `file`), or nil when they resolve.
func resolutionError(_ flags: SettingsLayer, file: SettingsLayer? = nil,
                     context: SettingsContext = SettingsContext()) -> SettingsError? {
  do throws(SettingsError) {
    _ = try SettingsResolver.resolve(flags: flags, file: file, context: context)
    return nil
  } catch { return error }
}
