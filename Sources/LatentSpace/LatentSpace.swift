public enum LatentSpaceModule { public static let name = "LatentSpace" }
