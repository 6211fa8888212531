/// A run in progress, held by reference while the host hands it between the scheduler (under its
/// lock) and the one worker thread that leased it.
///
/// By reference because a run is a large value behind an existential: passed by value through the
/// lease and the slice result, a second reference to its box outlived the hand-over, so the first
/// mutation in every slice copied the box and then every array the slice touched — every
/// histogram and table of the simulation, about a quarter of the splits view's CPU. Here the box
/// is referenced by the handle alone and mutates in place.
///
/// `@unchecked Sendable`: the scheduler takes the handle out of its entry while it is leased
/// (`RunScheduler.lease`), so exactly one thread uses it at a time, and the hand-overs go through
/// the scheduler's lock.
final class RunHandle: @unchecked Sendable {
  var run: any SteppableRun

  init(_ run: any SteppableRun) { self.run = run }
}
