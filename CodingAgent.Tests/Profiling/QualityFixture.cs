using System.Globalization;
using System.Text;

namespace CodingAgent.Tests.Profiling;

/// <summary>
/// A 40-row CSV with one of every quality problem: a duplicated row (which also repeats the key order_id), money as
/// text, null markers and an outlier in qty, text among the numbers of amount, two date formats, whitespace and case
/// variants in city, a constant country and a mostly empty comment.
/// </summary>
public static class QualityFixture
{
    public const string FileName = "Orders 2024.csv";
    public const string Table = "orders_2024";
    private static readonly string[] _cities = ["Paris", "paris", " Paris", "London", "London ", "LONDON", "Berlin"];

    public static string Csv()
    {
        var text = new StringBuilder("order_id,price,qty,amount,ordered,city,country,comment\n");
        string? last = null;
        for (var i = 0; i < 39; i++)
        {
            var price = (1000 + i * 37.5).ToString("N2", CultureInfo.InvariantCulture);
            var qty = i % 10 == 3 ? "N/A" : i % 10 == 7 ? "-" : i == 20 ? "1000" : (i % 5 + 1).ToString(CultureInfo.InvariantCulture);
            var amount = i == 5 ? "abc" : i == 15 ? "xyz" : (i * 1.5).ToString("0.0", CultureInfo.InvariantCulture);
            var ordered = i % 4 == 0 ? $"{13 + i % 15}/03/2024" : $"2024-03-{i % 28 + 1:00}";
            var comment = i == 0 ? "first" : "";
            last = $"{i + 1},\"${price}\",{qty},{amount},{ordered},{_cities[i % 7]},FR,{comment}\n";
            text.Append(last);
        }
        return text.Append(last).ToString();
    }
}
