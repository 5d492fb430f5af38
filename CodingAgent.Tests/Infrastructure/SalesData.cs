using System.Globalization;
using System.Text;

namespace CodingAgent.Tests.Infrastructure;

/// <summary>A deterministic sales CSV spanning 2022–2024, and its true 2023 monthly revenue.</summary>
public static class SalesData
{
    public static (byte[] Csv, decimal[] Monthly2023) Create()
    {
        var builder = new StringBuilder("date,region,product,units,revenue\n");
        var monthly = new decimal[12];
        var random = new Random(2023);
        string[] regions = ["North", "South", "East", "West"];
        for (var day = new DateOnly(2022, 11, 1); day <= new DateOnly(2024, 2, 28); day = day.AddDays(1))
        {
            for (var i = 0; i < 3; i++)
            {
                var units = random.Next(1, 40);
                var revenue = Math.Round(units * (decimal)(5 + random.NextDouble() * 20), 2);
                builder.Append(CultureInfo.InvariantCulture, $"{day:yyyy-MM-dd},{regions[random.Next(4)]},P{random.Next(1, 9)},{units},{revenue.ToString(CultureInfo.InvariantCulture)}\n");
                if (day.Year == 2023)
                {
                    monthly[day.Month - 1] += revenue;
                }
            }
        }
        return (Encoding.UTF8.GetBytes(builder.ToString()), monthly);
    }

    public const string MonthlyTrendCode = """
        df = pd.read_csv("sales.csv", parse_dates=["date"])
        d = df[df["date"].dt.year == 2023]
        monthly = d.groupby(d["date"].dt.to_period("M"))["revenue"].sum()
        fig = px.line(x=monthly.index.astype(str), y=monthly.values, markers=True, title="Monthly revenue 2023",
                      labels={"x": "month", "y": "revenue"})
        fig.show()
        print(monthly.round(2).to_string())
        """;
}
