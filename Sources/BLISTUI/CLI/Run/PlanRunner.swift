import BLISSim
import Foundation

/// Streams each finished request into a `--requests-out` writer. `RequestRecordSink.record`
/// cannot throw, so the first write error is kept and reported after the run.
struct RequestsOutSink: RequestRecordSink {
  let writer: RequestsOutWriter?
  private(set) var error: OutputFileError?

  init(writer: RequestsOutWriter?) { self.writer = writer }

  mutating func record(_ record: RequestRecord) {
    guard let writer, error == nil else { return }
    do { try writer.append(RequestOutLine(record: record)) } catch { self.error = error }
  }
}

/// Runs a plan to the end. With the progress bar enabled the run goes in slices of events and
/// the bar is redrawn between them; otherwise it runs in one go. Both give the same report
/// (the engine's event order does not depend on slicing). The report's throughputs are over the
/// arrival window (`RunReport.measuredOverArrivals`), like every planning command's.
struct PlanRunner {
  /// Events per slice when drawing progress (a few ms of wall time each).
  static let eventsPerSlice = 20_000

  /// The caller's sink and the measurement window, fed with every record.
  private struct WindowedSink<Inner: RequestRecordSink>: RequestRecordSink {
    var inner: Inner
    var window: ArrivalWindowCounter
    mutating func record(_ r: RequestRecord) {
      inner.record(r)
      window.record(r)
    }
  }

  static func run<Sink: RequestRecordSink>(_ plan: RunPlan, sink: inout Sink, progress: inout ProgressBar,
                                           nowSeconds: () -> Double) throws -> RunReport {
    var simulation = try plan.makeSimulation()
    var windowed = WindowedSink(inner: sink, window: ArrivalWindowCounter(plan: plan))
    defer { sink = windowed.inner }
    guard progress.isEnabled else { return simulation.run(recordingInto: &windowed).measuredOverArrivals(windowed.window) }
    let total = plan.workload.expectedRequestCount ?? 0
    progress.update(completed: 0, total: total, nowSeconds: nowSeconds())
    while !simulation.isFinished {
      let snapshot = simulation.advance(until: .distantFuture, maxEvents: eventsPerSlice, recordingInto: &windowed)
      progress.update(completed: snapshot.completed, total: max(total, snapshot.injected), nowSeconds: nowSeconds())
    }
    // One unbounded call so the clock moves to the end of the last step, exactly as `run` does
    // (a slice that ran out of budget on the very last event leaves it at that event).
    _ = simulation.advance(until: .distantFuture, recordingInto: &windowed)
    progress.finish()
    return simulation.report().measuredOverArrivals(windowed.window)
  }
}
