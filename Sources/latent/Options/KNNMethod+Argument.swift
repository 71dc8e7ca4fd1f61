import ArgumentParser
import Projection

extension KNNMethod: ExpressibleByArgument {
    /// The help text of every `--knn` option.
    static let help = ArgumentHelp(
        "Nearest neighbours: auto (exact below \(KNN.approximateFrom) points, else approximate), exact, or approx (NN-descent).")
}
