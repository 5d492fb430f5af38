#!/usr/bin/env python3
"""Makes the sample evaluation set: two small CSV tables and questions.jsonl with the exact answers.

Deterministic (a seeded random.Random, only the standard library): running it again writes the same bytes.
The answers are computed here with exact fractions where they can be; `--check` recomputes every answer with
pandas from the written files (as an agent would) and fails if any differs.

    python3 eval/generate.py            # writes eval/datasets/*.csv and eval/questions.jsonl
    python3 eval/generate.py --out DIR  # writes the same files under DIR
    python3 eval/generate.py --check    # compares the answers in eval/questions.jsonl with pandas
"""
import argparse
import csv
import datetime
import io
import json
import math
import os
import random
from fractions import Fraction

SEED = 20240610
DEPARTMENTS = ["Engineering", "Sales", "Marketing", "Finance", "Support"]
DEPARTMENT_BASE = {"Engineering": 72000, "Sales": 52000, "Marketing": 56000, "Finance": 64000, "Support": 41000}
DEPARTMENT_RATING = {"Engineering": 3.4, "Sales": 3.2, "Marketing": 3.5, "Finance": 3.6, "Support": 3.3}
REGIONS = ["North", "South", "East", "West"]
PRODUCTS = {"Widget": 1299, "Gadget": 2450, "Doohickey": 799, "Gizmo": 4999, "Sprocket": 350}


def employees(rng):
    rows = []
    for i in range(1, 161):
        department = rng.choices(DEPARTMENTS, weights=[30, 25, 15, 12, 18])[0]
        age = rng.randint(22, 64)
        years = rng.randint(0, min(age - 21, 30))
        salary = DEPARTMENT_BASE[department] + 1500 * years + rng.randint(-6000, 6000)
        rating = min(50, max(10, round(DEPARTMENT_RATING[department] * 10 + rng.randint(-12, 12))))
        rows.append({"employee_id": f"E{i:04d}", "department": department, "age": age,
                     "years_at_company": years, "salary": salary, "rating": Fraction(rating, 10)})
    return rows


def sales(rng):
    rows = []
    start = datetime.date(2023, 1, 1)
    for i in range(1, 361):
        day = start + datetime.timedelta(days=rng.randint(0, 364))
        region = rng.choices(REGIONS, weights=[24, 26, 22, 28])[0]
        product = rng.choice(sorted(PRODUCTS))
        units = rng.randint(1, 40)
        # prices vary around the list price, in whole cents
        price_cents = PRODUCTS[product] + rng.randint(-150, 150)
        rows.append({"order_id": 10000 + i, "order_date": day, "region": region, "product": product,
                     "units": units, "unit_price": Fraction(price_cents, 100), "revenue": Fraction(units * price_cents, 100)})
    rows.sort(key=lambda r: (r["order_date"], r["order_id"]))
    return rows


def cents(value):
    return f"{float(value):.2f}"


def write_csv(path, header, rows, cell):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([cell(name, row[name]) for name in header])
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(buffer.getvalue())


def rounded(value, digits):
    """Rounds a value that is clearly away from a rounding boundary, so every rounding method agrees."""
    scaled = Fraction(value) * 10 ** digits
    distance = abs(scaled - math.floor(scaled) - Fraction(1, 2))
    assert distance > Fraction(1, 10 ** 4), f"{float(value)} is too close to a rounding boundary"
    result = round(float(value), digits)
    return int(result) if digits == 0 else result


def unique_max(totals):
    ordered = sorted(totals.items(), key=lambda kv: kv[1], reverse=True)
    assert ordered[0][1] > ordered[1][1], "a tie for the largest total"
    return ordered[0]


def median(values):
    ordered = sorted(values)
    n = len(ordered)
    middle = Fraction(ordered[n // 2]) if n % 2 else Fraction(ordered[n // 2 - 1] + ordered[n // 2], 2)
    return int(middle) if middle.denominator == 1 else float(middle)


def pearson(xs, ys):
    n = len(xs)
    mx, my = Fraction(sum(xs), n), Fraction(sum(ys), n)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    return float(sxy) / math.sqrt(float(sxx) * float(syy))


def sample_std(values):
    n = len(values)
    mean = sum(values) / n
    return math.sqrt(float(sum((v - mean) ** 2 for v in values) / (n - 1)))


def questions(staff, orders):
    emp, sal = ["datasets/employees.csv"], ["datasets/sales.csv"]
    by_region, by_month, by_department = {}, {}, {}
    for o in orders:
        by_region[o["region"]] = by_region.get(o["region"], 0) + o["revenue"]
        month = o["order_date"].strftime("%Y-%m")
        by_month[month] = by_month.get(month, 0) + o["revenue"]
    for e in staff:
        by_department.setdefault(e["department"], []).append(e["rating"])
    department_means = {d: sum(r) / len(r) for d, r in by_department.items()}
    best_month, best_revenue = unique_max(by_month)
    best_department, best_rating = unique_max(department_means)
    correlation = pearson([e["years_at_company"] for e in staff], [e["salary"] for e in staff])
    assert abs(correlation * 1e4 - math.floor(correlation * 1e4) - 0.5) > 1e-4
    return [
        {"id": "mean_salary", "files": emp,
         "question": "What is the mean salary of the employees in employees.csv? Round it to 2 decimal places.",
         "answers": {"mean_salary": rounded(Fraction(sum(e["salary"] for e in staff), len(staff)), 2)}},
        {"id": "median_age", "files": emp,
         "question": "What is the median age of the employees in employees.csv?",
         "answers": {"median_age": median([e["age"] for e in staff])}},
        {"id": "tenure_salary_correlation", "files": emp,
         "question": "What is the Pearson correlation coefficient between years_at_company and salary in employees.csv? Round it to 4 decimal places.",
         "answers": {"correlation": round(correlation, 4)}},
        {"id": "best_rated_department", "files": emp,
         "question": "Which department in employees.csv has the highest mean rating, and what is that mean rating, rounded to 2 decimal places?",
         "answers": {"department": best_department, "mean_rating": rounded(best_rating, 2)}},
        {"id": "top_region", "files": sal,
         "question": "Which region has the highest total revenue in sales.csv?",
         "answers": {"top_region": unique_max(by_region)[0]}},
        {"id": "large_west_orders", "files": sal,
         "question": "How many orders in sales.csv come from the West region and have more than 20 units?",
         "answers": {"count": sum(1 for o in orders if o["region"] == "West" and o["units"] > 20)}},
        {"id": "best_month", "files": sal,
         "question": "In sales.csv, which month (as YYYY-MM) had the highest total revenue, and what was that total, rounded to 2 decimal places?",
         "answers": {"month": best_month, "revenue": rounded(best_revenue, 2)}},
        {"id": "weekend_orders", "files": sal,
         "question": "How many orders in sales.csv were placed on a Saturday or a Sunday (order_date)?",
         "answers": {"weekend_orders": sum(1 for o in orders if o["order_date"].weekday() >= 5)}},
        {"id": "unit_price_std", "files": sal,
         "question": "What is the sample standard deviation (as pandas computes it, ddof=1) of unit_price in sales.csv? Round it to 3 decimal places.",
         "answers": {"std": rounded(Fraction(sample_std([o["unit_price"] for o in orders])), 3)}},
    ]


def generate(out):
    rng = random.Random(SEED)
    staff, orders = employees(rng), sales(rng)
    os.makedirs(os.path.join(out, "datasets"), exist_ok=True)
    write_csv(os.path.join(out, "datasets", "employees.csv"),
              ["employee_id", "department", "age", "years_at_company", "salary", "rating"], staff,
              lambda name, v: f"{float(v):.1f}" if name == "rating" else v)
    write_csv(os.path.join(out, "datasets", "sales.csv"),
              ["order_id", "order_date", "region", "product", "units", "unit_price", "revenue"], orders,
              lambda name, v: cents(v) if name in ("unit_price", "revenue") else v.isoformat() if name == "order_date" else v)
    with open(os.path.join(out, "questions.jsonl"), "w", encoding="utf-8", newline="") as f:
        for q in questions(staff, orders):
            f.write(json.dumps({"id": q["id"], "question": q["question"], "files": q["files"], "answers": q["answers"]}) + "\n")


def check(folder):
    """Recomputes every answer with pandas from the written files."""
    import pandas as pd
    emp = pd.read_csv(os.path.join(folder, "datasets", "employees.csv"))
    sal = pd.read_csv(os.path.join(folder, "datasets", "sales.csv"), parse_dates=["order_date"])
    dept = emp.groupby("department")["rating"].mean()
    month = sal.groupby(sal["order_date"].dt.strftime("%Y-%m"))["revenue"].sum()
    pandas_answers = {
        "mean_salary": {"mean_salary": round(emp["salary"].mean(), 2)},
        "median_age": {"median_age": emp["age"].median()},
        "tenure_salary_correlation": {"correlation": round(emp["years_at_company"].corr(emp["salary"]), 4)},
        "best_rated_department": {"department": dept.idxmax(), "mean_rating": round(dept.max(), 2)},
        "top_region": {"top_region": sal.groupby("region")["revenue"].sum().idxmax()},
        "large_west_orders": {"count": int(((sal["region"] == "West") & (sal["units"] > 20)).sum())},
        "best_month": {"month": month.idxmax(), "revenue": round(month.max(), 2)},
        "weekend_orders": {"weekend_orders": int((sal["order_date"].dt.dayofweek >= 5).sum())},
        "unit_price_std": {"std": round(sal["unit_price"].std(), 3)},
    }
    wrong = []
    with open(os.path.join(folder, "questions.jsonl"), encoding="utf-8") as f:
        for line in f:
            q = json.loads(line)
            for name, expected in q["answers"].items():
                actual = pandas_answers[q["id"]][name]
                if isinstance(expected, str) and actual != expected or not isinstance(expected, str) and float(actual) != float(expected):
                    wrong.append(f"{q['id']}.{name}: file {expected!r}, pandas {actual!r}")
    if wrong:
        raise SystemExit("answers differ from pandas:\n" + "\n".join(wrong))
    print(f"all answers match pandas {pd.__version__}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)))
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    if args.check:
        check(args.out)
    else:
        generate(args.out)
