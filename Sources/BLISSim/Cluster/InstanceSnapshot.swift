/// What the router knows about one instance when it decides: a value, never the live instance.
public struct InstanceSnapshot: Sendable, Hashable {
  public var index: Int
  /// Requests in the wait queue (including those still in the CPU queueing delay).
  public var queueDepth: Int
  /// Requests in the running batch.
  public var runningRequests: Int
  /// Requests routed here and not yet finished (= queueDepth + runningRequests).
  public var outstandingRequests: Int
  public var kvUsedBlocks: Int
  public var kvTotalBlocks: Int

  public init(index: Int, queueDepth: Int = 0, runningRequests: Int = 0, outstandingRequests: Int = 0,
              kvUsedBlocks: Int = 0, kvTotalBlocks: Int = 1) {
    self.index = index; self.queueDepth = queueDepth; self.runningRequests = runningRequests
    self.outstandingRequests = outstandingRequests; self.kvUsedBlocks = kvUsedBlocks; self.kvTotalBlocks = kvTotalBlocks
  }

  /// Used / total KV blocks, in [0, 1].
  public var kvUtilization: Double { kvTotalBlocks == 0 ? 0 : Double(kvUsedBlocks) / Double(kvTotalBlocks) }
}
