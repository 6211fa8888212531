/// Planning results name their step-time model in JSON ("roofline" / "blackbox").
extension ResolvedRunOptions.LatencyModelChoice: Codable {}
