import bisect

def grade(score, breakpoints=(60, 70, 80, 90), grades="FDCBA"):
    return grades[bisect.bisect(breakpoints, score)]

scores = [33, 99, 77, 70, 89, 90, 100, 59]
print([grade(s) for s in scores])
sorted_scores = sorted(scores)
print(sorted_scores, bisect.bisect_left(sorted_scores, 70), bisect.bisect_right(sorted_scores, 70))
bisect.insort(sorted_scores, 75)
print(sorted_scores)
