import Foundation

/// Finds the folder that holds BLIS's data files (`defaults.yaml`, `hardware_config.json`,
/// `model_configs/`): `$BLIS_DATA_DIR` if set, else the current directory if it has
/// `defaults.yaml`, else the nearest ancestor of the executable that has it (so
/// `.build/release/blis` works from anywhere in a clone).
enum DataDirectory {
  static func locate(environment: [String: String] = ProcessInfo.processInfo.environment,
                     currentDirectory: String = FileManager.default.currentDirectoryPath,
                     executablePath: String = CommandLine.arguments.first ?? "") -> URL {
    let fm = FileManager.default
    if let explicit = environment["BLIS_DATA_DIR"], !explicit.isEmpty {
      return URL(fileURLWithPath: explicit, isDirectory: true)
    }
    let cwd = URL(fileURLWithPath: currentDirectory, isDirectory: true)
    if fm.fileExists(atPath: cwd.appendingPathComponent("defaults.yaml").path) { return cwd }
    var dir = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
    while dir.path != "/" && !dir.path.isEmpty {
      if fm.fileExists(atPath: dir.appendingPathComponent("defaults.yaml").path) { return dir }
      dir = dir.deletingLastPathComponent()
    }
    return cwd
  }
}
