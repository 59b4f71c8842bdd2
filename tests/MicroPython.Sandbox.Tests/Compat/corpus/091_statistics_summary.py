import statistics as st

data = [2, 4, 4, 4, 5, 5, 7, 9]
print("mean", st.mean(data))
print("median", st.median(data))
print("mode", st.mode(data))
print("pstdev", st.pstdev(data))
print("stdev", round(st.stdev(data), 6))
print("variance", round(st.variance(data), 6))
print("quantiles", st.quantiles(data, n=4))
print("median_low/high", st.median_low([1, 3, 5, 7]), st.median_high([1, 3, 5, 7]))
print("multimode", st.multimode("aabbbcccc"))
