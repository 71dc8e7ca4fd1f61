import Foundation

/// The number of worker threads to use when the user did not say: the machine's active cores.
var defaultThreadCount: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }
