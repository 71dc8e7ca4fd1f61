import Tensors

/// The passes around a matrix product: a bias broadcast to the rows×columns output (written before the product,
/// which then adds onto it) and an activation after it.
enum Epilogue {
    /// Fills the output with `scale · bias` broadcast to rows×columns; returns the beta the product should use
    /// (1 when a bias was written, 0 when there is none).
    static func prefill(_ o: UnsafeMutablePointer<Float>, rows: Int, columns: Int, bias: Tensor?, scale: Float) -> Float {
        guard let bias, let values = bias.floats, rows * columns > 0 else { return 0 }
        values.withUnsafeBufferPointer { bp in
            let b = bp.baseAddress!
            let total = rows * columns
            if bias.count == 1 {
                o.update(repeating: scale * b[0], count: total)
            } else if bias.count == columns && (bias.shape.last ?? 1) == columns && columns != 1 {
                for r in 0..<rows {
                    let row = o + r * columns
                    if scale == 1 { row.update(from: b, count: columns) } else { for j in 0..<columns { row[j] = scale * b[j] } }
                }
            } else if bias.count == rows {
                for r in 0..<rows { (o + r * columns).update(repeating: scale * b[r], count: columns) }
            } else {
                for i in 0..<total { o[i] = scale * b[i] }
            }
        }
        return 1
    }

    /// Adds `scale · bias` (broadcast to rows×columns) and applies `activation`, in place.
    static func apply(_ o: UnsafeMutablePointer<Float>, rows: Int, columns: Int, bias: Tensor?, scale: Float,
                      activation: Activation?) {
        let total = rows * columns
        guard total > 0 else { return }
        if let bias, let values = bias.floats {
            values.withUnsafeBufferPointer { bp in
                let b = bp.baseAddress!
                let shape = bias.shape
                let perColumn = bias.count == columns && (shape.last ?? 1) == columns && columns != 1 || (bias.count == 1)
                if bias.count == 1 {
                    let v = scale * b[0]
                    for i in 0..<total { o[i] += v }
                } else if perColumn {
                    for r in 0..<rows {
                        let row = o + r * columns
                        if scale == 1 {
                            for j in 0..<columns { row[j] += b[j] }
                        } else {
                            for j in 0..<columns { row[j] += scale * b[j] }
                        }
                    }
                } else if bias.count == rows {
                    // [rows, 1]
                    for r in 0..<rows {
                        let v = scale * b[r]
                        let row = o + r * columns
                        for j in 0..<columns { row[j] += v }
                    }
                } else {
                    // [rows, columns]
                    for i in 0..<total { o[i] += scale * b[i] }
                }
            }
        }
        activation?.apply(o, count: total)
    }
}
