# Exceptions raised deep in a call chain and caught several frames up.
class AppError(Exception):
    pass


def level3(i):
    if i % 3 == 0:
        raise AppError(i)
    if i % 5 == 0:
        return {}["missing"]
    return i


def level2(i):
    return level3(i) + 1


def level1(i):
    try:
        return level2(i)
    except AppError as e:
        return -e.args[0]


def run(n):
    total = 0
    for i in range(n):
        try:
            total += level1(i)
        except KeyError:
            total += 7
        finally:
            total += 1
    return total

print(run(60000))
