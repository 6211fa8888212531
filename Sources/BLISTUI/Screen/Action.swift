/// Everything that can happen to the screen model.
enum Action: Sendable {
  case key(Key)
  case resize(width: Int, height: Int)
  /// A frame tick; `elapsedMilliseconds` of wall time since the previous tick (drives demo mode).
  case tick(elapsedMilliseconds: Int)
  /// The host's latest published results (ignored unless its generation is the current one).
  case results(HostOutput)
  /// An export finished: the Markdown path written, or the error message.
  case exportFinished(Result<String, ExportFailure>)
}

/// An export that could not be written (one line: path and reason).
struct ExportFailure: Error, Sendable, Equatable {
  var message: String
}

/// Side effects the reducer asks the host to perform. The reducer itself never touches
/// threads, files or the terminal.
enum Effect: Sendable, Equatable {
  /// Cancel runs not in `jobs`, start the new ones, and tag everything with `generation`.
  case restart(generation: Int, jobs: [RunJob])
  case setPaused(Bool)
  /// Write the current results as Markdown + JSON files.
  case export
  /// Repaint the whole terminal (Ctrl-L).
  case redraw
  case quit
}
