company = {
    "engineering": {"alice": {"level": 3, "skills": ["py", "go"]}, "bob": {"level": 2, "skills": ["js"]}},
    "design": {"carol": {"level": 4, "skills": ["figma", "css", "py"]}},
}
for dept in sorted(company):
    staff = company[dept]
    levels = [p["level"] for p in staff.values()]
    print(f"{dept}: {len(staff)} staff, avg level {sum(levels) / len(levels):.1f}")
skill_count = {}
for staff in company.values():
    for person in staff.values():
        for s in person["skills"]:
            skill_count[s] = skill_count.get(s, 0) + 1
print(sorted(skill_count.items(), key=lambda kv: (-kv[1], kv[0])))
