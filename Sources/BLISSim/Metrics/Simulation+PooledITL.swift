extension Simulation {
  /// Every inter-token gap emitted so far, pooled over the instances (the histogram behind the
  /// report's ITL). Read between `advance` calls to take windowed differences (`TimeSeriesRecorder`).
  var pooledITLHistogram: LogHistogram {
    var pooled = LogHistogram()
    for instance in instances { pooled.merge(instance.metrics.itl) }
    return pooled
  }
}
