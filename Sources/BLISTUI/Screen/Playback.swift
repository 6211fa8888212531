import BLISSim

/// Paced playback of the dashboard's time series: the runs finish as fast as the machine allows,
/// then the panel reveals them at `speed` simulated seconds per wall second, so a stakeholder can
/// watch the queue build. The numbers shown are always the full run's.
struct Playback: Sendable, Hashable {
  /// Simulated seconds shown so far.
  var cursorSeconds = 0.0
  /// Simulated seconds per wall second.
  var speed = Playback.defaultSpeed
  var isPlaying = true

  static let speeds: [Double] = [1, 2, 5, 10, 20, 50, 100]
  static let defaultSpeed = 5.0

  /// One step faster (`direction` > 0) or slower along `speeds`.
  mutating func changeSpeed(_ direction: Int) {
    let index = Self.speeds.firstIndex { $0 >= speed } ?? Self.speeds.count - 1
    speed = Self.speeds[min(Self.speeds.count - 1, max(0, index + (direction > 0 ? 1 : -1)))]
  }

  /// Advances the cursor by `elapsedMilliseconds` of wall time, up to `limitSeconds` (what the
  /// runs have simulated so far).
  mutating func advance(elapsedMilliseconds: Int, limitSeconds: Double) {
    guard isPlaying else { return }
    cursorSeconds = min(limitSeconds, cursorSeconds + Double(max(0, elapsedMilliseconds)) / 1_000 * speed)
  }
}

extension AppState {
  /// The dashboard runs' time series (by model), as far as they have been simulated.
  var dashboardSeries: [LatencyModelChoice: TimeSeries] {
    var result: [LatencyModelChoice: TimeSeries] = [:]
    for kind in LatencyModelChoice.allCases { result[kind] = progress(.dashboard(kind))?.series }
    return result
  }

  /// How far playback can go: the longest simulated series of the dashboard's runs.
  var playbackLimitSeconds: Double {
    dashboardSeries.values.map(\.durationSeconds).max() ?? 0
  }

  /// Whether every dashboard run has finished and playback has reached their end.
  var playbackAtEnd: Bool {
    let runs = LatencyModelChoice.allCases.compactMap { outcomes[.dashboard($0)] }
    return !runs.isEmpty && runs.allSatisfy(\.isDone) && playback.cursorSeconds >= playbackLimitSeconds
  }
}
