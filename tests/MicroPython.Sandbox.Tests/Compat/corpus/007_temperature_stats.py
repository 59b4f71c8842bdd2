import statistics

readings = {
    "Mon": [12.5, 14.0, 13.2],
    "Tue": [15.1, 16.3, 14.8],
    "Wed": [11.0, 10.5, 12.2],
    "Thu": [17.4, 18.0, 16.9],
}

for day, temps in readings.items():
    print(f"{day}: mean={statistics.mean(temps):.2f} median={statistics.median(temps):.2f} stdev={statistics.stdev(temps):.3f}")

all_temps = [t for temps in readings.values() for t in temps]
print(f"Overall: min={min(all_temps)} max={max(all_temps)} pstdev={statistics.pstdev(all_temps):.3f}")
hottest = max(readings, key=lambda d: statistics.mean(readings[d]))
print("Hottest day:", hottest)
