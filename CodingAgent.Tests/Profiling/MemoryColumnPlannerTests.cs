using System.Globalization;
using System.Text;
using CodingAgent.Profiler;

namespace CodingAgent.Tests.Profiling;

/// <summary>
/// A text column planned from its rows as they are (<see cref="MemoryColumnPlanner.PlanFromRows"/>) gets the plan its
/// grouped values get (<see cref="MemoryColumnPlanner.Plan"/>), and is left to the grouping where the plan needs the
/// values themselves: dates (their day order) and values that repeat (their most frequent).
/// </summary>
public sealed class MemoryColumnPlannerTests
{
    [Theory]
    [InlineData("price", true)]
    [InlineData("code", true)]
    [InlineData("words", true)]
    [InlineData("mixed", true)]
    [InlineData("day", false)]
    [InlineData("category", false)]
    public void A_column_planned_from_its_rows_gets_the_plan_of_its_grouped_values_or_is_left_to_the_grouping(string name, bool fromRows)
    {
        var table = Table(3_000);
        var c = table.Names.ToList().IndexOf(name);

        var planned = MemoryColumnPlanner.PlanFromRows(table, c, "VARCHAR");
        table.GroupText(table.Columns[c], 0, table.Rows);
        var grouped = MemoryColumnPlanner.Plan(table, c, "VARCHAR");

        Assert.Equal(fromRows, planned is not null);
        if (planned is not null)
        {
            Assert.Equal(Describe(grouped), Describe(planned));
        }
    }

    private static string Describe(ColumnPlan plan) => string.Join(" | ",
        plan.Index, plan.Name, plan.StorageType, plan.TextStorage, plan.Type, plan.Kind, plan.NumericText,
        string.Join(",", plan.DateFormats), string.Join(",", plan.Examples), string.Join(",", plan.TopCandidates ?? []), plan.SampleDistinct, plan.SampleValues);

    /// <summary>Columns of text: money, codes, words, a mix of numbers, text and markers, dates, and categories.</summary>
    private static MemoryCsvTable Table(int rows)
    {
        var random = new Random(rows);
        var text = new StringBuilder("price,code,words,mixed,day,category\n");
        for (var n = 1; n <= rows; n++)
        {
            var mixed = (n % 7) switch
            {
                0 => "N/A",
                1 => "",
                2 => " text " + n.ToString(CultureInfo.InvariantCulture),
                3 => "true",
                _ => (random.Next(100_000) / 10.0).ToString(CultureInfo.InvariantCulture),
            };
            text.Append(CultureInfo.InvariantCulture,
                $"\"${random.Next(5000):N0}.{random.Next(100):00}\",X-{n * 7:000000},word{n} é {n % 13},{mixed},2024-{random.Next(12) + 1:00}-{random.Next(28) + 1:00},{(n % 3 == 0 ? "a" : "b")}\n");
        }
        var data = Encoding.UTF8.GetBytes(text.ToString());
        var start = Array.IndexOf(data, (byte)'\n') + 1;
        var types = Enumerable.Repeat("VARCHAR", 6).ToList();
        string[] names = ["price", "code", "words", "mixed", "day", "category"];
        return MemoryCsvTable.Read(data, start, (byte)',', new MemoryReadPlan(types, Escapes: true, StrictIsoDates: false), names,
            [.. types.Select(_ => MemoryStorage.Text)], 1L << 30, out var failure, CancellationToken.None)
            ?? throw new InvalidOperationException(failure);
    }
}
