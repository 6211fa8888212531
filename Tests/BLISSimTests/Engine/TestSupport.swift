import Foundation
import Synchronization
@testable import BLISSim

/// Step time = a fixed duration, whatever the batch (M/D/1 tests).
struct ConstantStepModel: LatencyModel {
  var stepMicros: Int64
  func stepTime(for batch: BatchShape) -> SimDuration { SimDuration(microseconds: stepMicros) }
  var summary: String { "constant \(stepMicros) µs" }
}

/// Step time linear in the batch shape, and a tally of every token the engine computed.
final class RecordingStepModel: LatencyModel, @unchecked Sendable {
  struct Tally { var prefillTokens = 0; var decodes = 0; var steps = 0; var emptySteps = 0 }
  private let tally = Mutex(Tally())

  func stepTime(for batch: BatchShape) -> SimDuration {
    tally.withLock {
      $0.prefillTokens += batch.prefillTokens
      $0.decodes += batch.decodeCount
      $0.steps += 1
      if batch.isEmpty { $0.emptySteps += 1 }
    }
    return SimDuration(microseconds: 500 + Int64(batch.prefillTokens) * 2 + Int64(batch.decodeCount) * 20
                         + Int64(batch.decodeContextTokensSum / 100))
  }
  var totals: Tally { tally.withLock { $0 } }
  var summary: String { "recording linear model" }
}

/// Canonical JSON of a report (sorted keys), for byte comparisons.
func canonicalJSON(_ report: RunReport) throws -> Data {
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.sortedKeys]
  return try encoder.encode(report)
}
