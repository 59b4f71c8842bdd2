import csv
import io

raw = 'id,name,comment\n1,"Smith, John","said ""hello"""\n2,Jane,plain\n3,"Multi\nLine",x\n'
for row in csv.reader(io.StringIO(raw)):
    print(row)
