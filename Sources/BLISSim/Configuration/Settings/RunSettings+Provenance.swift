/// Provenance look-ups by setting, and errors that name a setting wherever its value came from.
extension RunSettings {
  /// The source of `setting` (`.builtin` if somehow unrecorded).
  public func source<Value>(of setting: KeyPath<SettingsCatalog, Setting<Value>>) -> SettingSource {
    provenance[Self.name(setting)]?.source ?? .builtin
  }

  /// True when the user set `setting` (a flag or the config file).
  public func isExplicit<Value>(_ setting: KeyPath<SettingsCatalog, Setting<Value>>) -> Bool {
    source(of: setting).isExplicit
  }

  /// How a message names `setting`: `--tp`, `tp (run.yaml:4)`, `--tp (defaults.yaml entry for …)`.
  public func place<Value>(of setting: KeyPath<SettingsCatalog, Setting<Value>>) -> String {
    provenance[Self.name(setting)]?.place ?? "--" + Self.name(setting)
  }

  /// An error for a check that needs more than the settings (the model, the GPU catalogue), in
  /// the same one-line form as the setting's own checks, e.g.
  /// `tp (run.yaml:3) '3' is invalid: expected a divisor of 32 attention heads …`.
  public func invalidValue<Value>(_ setting: KeyPath<SettingsCatalog, Setting<Value>>, _ value: String,
                                  allowed: String) -> SettingsError {
    .invalidValue(place: place(of: setting), value: value, allowed: allowed)
  }

  /// An error for a name that is not in `known`, listing the known names and close ones.
  public func unknownName<Value>(_ setting: KeyPath<SettingsCatalog, Setting<Value>>, _ value: String,
                                 known: [String], what: String) -> SettingsError {
    let suggester = NameSuggester(candidates: known)
    return invalidValue(setting, value, allowed: "a known \(what): \(suggester.knownList())\(suggester.didYouMean(value))")
  }

  /// Marks `setting` as set by a flag (for settings a command derives itself, e.g. a sweep's rate).
  public mutating func markExplicit<Value>(_ setting: KeyPath<SettingsCatalog, Setting<Value>>) {
    let name = Self.name(setting)
    provenance[name] = SettingProvenance(source: .flag, place: "--" + name)
  }

  static func name<Value>(_ setting: KeyPath<SettingsCatalog, Setting<Value>>) -> String {
    SettingsCatalog.shared[keyPath: setting].name
  }
}
