import Foundation

/// The settings one source gave explicitly: the command line or a `--config` file. A setting is
/// present only when the source set it — that is what "explicit flag beats file" is decided on.
/// Keys are canonical setting names (`max-num-seqs`); aliases are folded in when set.
public struct SettingsLayer: Sendable, Equatable {
  public enum Origin: Sendable, Equatable {
    case flags
    /// A config file; relative paths inside it are resolved against its folder.
    case file(path: String)
  }

  /// One value and how it was written.
  public struct Entry: Sendable, Equatable {
    public var input: SettingInput
    /// 1-based line in a config file.
    public var line: Int?
    /// The name as the source spelled it, when it was a shorthand (`roofline`).
    public var shorthand: String?
  }

  public let origin: Origin
  /// Canonical setting name → value.
  public private(set) var entries: [String: Entry] = [:]
  /// Values a shorthand flag gave, by the canonical name of the setting it stands for.
  public private(set) var shorthands: [String: Entry] = [:]
  /// Keys the caller asked the config file to accept besides the settings (the CLI's output
  /// options), by canonical name.
  public private(set) var additional: [String: Entry] = [:]

  public init(origin: Origin) { self.origin = origin }

  /// The value of the setting named `name`, if this source set it.
  public subscript(name: String) -> SettingInput? { entries[name]?.input }

  /// The value of `setting`, if this source set it.
  public subscript<Value>(setting: KeyPath<SettingsCatalog, Setting<Value>>) -> SettingInput? {
    entries[SettingsCatalog.shared[keyPath: setting].name]?.input
  }

  /// Sets the setting named `name` (canonical, alias or shorthand). `nil` leaves it unset.
  /// Returns false when no setting has that name.
  @discardableResult
  public mutating func set(_ name: String, _ input: SettingInput?, line: Int? = nil) -> Bool {
    guard let setting = SettingsCatalog.resolvable(named: name) else { return false }
    guard let input else { return true }
    if let shorthand = setting.shorthand, normalized(name) == shorthand {
      shorthands[setting.name] = Entry(input: input, line: line, shorthand: shorthand)
    } else {
      entries[setting.name] = Entry(input: input, line: line)
    }
    return true
  }

  /// Sets `setting` to `text`.
  public mutating func set<Value>(_ setting: KeyPath<SettingsCatalog, Setting<Value>>, _ text: String) {
    set(SettingsCatalog.shared[keyPath: setting].name, .text(text))
  }

  /// The same layer without the settings named in `names`.
  public func removing(_ names: Set<String>) -> SettingsLayer {
    var copy = self
    for name in names {
      copy.entries[name] = nil
      copy.shorthands[name] = nil
    }
    return copy
  }

  mutating func setAdditional(_ name: String, _ entry: Entry) { additional[name] = entry }

  /// How a message names where the setting `name` came from: `--rate`, or `rate (run.yaml:3)`.
  public func place(of name: String, spelled shorthand: String? = nil) -> String {
    let spelled = shorthand ?? name
    switch origin {
    case .flags: return "--" + spelled
    case .file(let path):
      let line = (shorthand == nil ? entries[name]?.line : shorthands[name]?.line) ?? additional[name]?.line
      return "\(spelled.replacingOccurrences(of: "-", with: "_")) (\(path)\(line.map { ":\($0)" } ?? ""))"
    }
  }

  /// The folder relative paths of this source start at (`currentDirectory` for flags).
  func baseDirectory(currentDirectory: URL) -> URL {
    switch origin {
    case .flags: return currentDirectory
    case .file(let path): return URL(fileURLWithPath: path).deletingLastPathComponent()
    }
  }

  private func normalized(_ name: String) -> String {
    var name = name.lowercased().replacingOccurrences(of: "_", with: "-")
    while name.hasPrefix("-") { name.removeFirst() }
    return name
  }
}
