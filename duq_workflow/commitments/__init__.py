"""The Driving Up Quality commitments, written as definitions on the engine."""
