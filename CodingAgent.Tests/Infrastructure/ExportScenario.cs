namespace CodingAgent.Tests.Infrastructure;

/// <summary>
/// A scripted session to export: stdout and stderr with a Plotly chart, a matplotlib image with a DataFrame as the
/// cell's value (a table), a failing step, and a hostile answer; the question carries markup as well.
/// </summary>
public static class ExportScenario
{
    public const string Question = "Quarterly export: sales/regions <script>alert(3)</script>";
    public const string Answer = "Revenue is **up**. <script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(4))";

    /// <summary>The download name the title (the question's first 60 characters) becomes.</summary>
    public const string FileStem = "Quarterly-export-sales-regions-script-alert-3-script";

    public const string ChartCode = """
        import sys
        import plotly.express as px
        print("hello from stdout")
        print("careful: a warning", file=sys.stderr)
        fig = px.bar(x=["north", "south"], y=[10, 20], title="Revenue by region")
        fig
        """;

    public const string ImageAndTableCode = """
        import matplotlib.pyplot as plt
        plt.plot([1, 2, 3], [3, 1, 2])
        pd.DataFrame({"region": ["<b>north</b>", "south"], "revenue": [10.5, 20]})
        """;

    public const string FailingCode = "1 / 0";

    public static void Play(ScriptedOpenAiServer model) => model.Play("Quarterly export",
        new ToolCallTurn(ChartCode),
        new ToolCallTurn(ImageAndTableCode),
        new ToolCallTurn(FailingCode),
        new TextTurn(Answer));
}
