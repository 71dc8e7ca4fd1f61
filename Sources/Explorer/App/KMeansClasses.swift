import LatentSpace
import Projection

/// Classes for data without labels: k-means clusters of the codes.
enum KMeansClasses {
    static func assign(encoding: Encoding, k: Int) -> [Int] {
        guard let model = try? KMeans.fit(encoding.codes, rows: encoding.count, cols: encoding.dimensions, k: k, seed: 0) else {
            return [Int](repeating: 0, count: encoding.count)
        }
        return model.predict(encoding.codes, rows: encoding.count)
    }
}
