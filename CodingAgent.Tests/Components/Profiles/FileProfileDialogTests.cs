using AngleSharp.Dom;
using Bunit;
using CodingAgent.Core.Profiling;
using MudBlazor;

namespace CodingAgent.Tests.Components.Profiles;

/// <summary>The profile dialog opened from the file list: column cards, findings, a cleaning tried on a sample and applied.</summary>
public sealed class FileProfileDialogTests : ProfileTestContext
{
    private const string Duplicates = "2 rows repeat an earlier row.";
    private const string Amount = "amount holds numbers as text with currency symbols and thousands separators.";
    private const string Region = "region has values with leading or trailing spaces.";

    private int _reloads;

    private async Task<IRenderedComponent<MudDialogProvider>> OpenAsync(string name = "sales.csv")
    {
        var dialogs = Render<MudDialogProvider>();
        var panel = RenderPanel([File(name)], () => _reloads++);
        await panel.InvokeAsync(() => panel.WaitForElement("[data-testid=file-profile]").Click());
        dialogs.WaitForElement("[data-testid=profile-dialog]");
        return dialogs;
    }

    private static IElement Card(IRenderedComponent<MudDialogProvider> dialogs, string column) =>
        dialogs.FindAll("[data-testid=column-card]").Single(c => c.QuerySelector("[data-testid=column-name]")!.TextContent == column);

    /// <summary>The sales file's dialog, whose cleaning writes version 2 once the returned gate opens.</summary>
    private async Task<(IRenderedComponent<MudDialogProvider> Dialogs, TaskCompletionSource Gate)> OpenWithHeldCleaningAsync()
    {
        Profiles.Returns("sales.csv", ProfileSamples.Sales());
        Profiles.Clean = ids => new CleaningResult("sales.csv", 2, "df = df.drop_duplicates()", ProfileSamples.CleanedSales());
        var gate = Profiles.CleanGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var dialogs = await OpenAsync();
        dialogs.WaitForElement("[data-testid=finding]");
        return (dialogs, gate);
    }

    /// <summary>The checkbox of the finding with the message (its label).</summary>
    private static IElement Checkbox(IRenderedComponent<MudDialogProvider> dialogs, string message) =>
        dialogs.FindAll("[data-testid=finding] input[type=checkbox]").Single(c => c.Closest("label")!.TextContent.Trim() == message);

    private static void Check(IRenderedComponent<MudDialogProvider> dialogs, string message) => Checkbox(dialogs, message).Change(true);

    [Fact]
    public async Task Column_cards_show_type_nulls_range_top_values_and_a_sparkline_bar_per_histogram_bin()
    {
        Profiles.Returns("sales.csv", ProfileSamples.Sales());

        var dialogs = await OpenAsync();

        dialogs.WaitForAssertion(() => Assert.Equal(4, dialogs.FindAll("[data-testid=column-card]").Count));
        Assert.Equal("1,000 rows · 4 columns · 46.9 KB · 2 duplicate rows · csv · utf-8 · delimiter \",\"", dialogs.Find("[data-testid=table-summary]").TextContent);
        var amount = Card(dialogs, "amount");
        Assert.Equal("decimal", amount.QuerySelector("[data-testid=column-type]")!.TextContent.Trim());
        Assert.Equal("12 (1.2 %)", amount.QuerySelector("[data-testid=column-nulls]")!.TextContent);
        Assert.Equal("640", amount.QuerySelector("[data-testid=column-distinct]")!.TextContent);
        Assert.Equal("0.5 … 12,500", amount.QuerySelector("[data-testid=column-range]")!.TextContent);
        Assert.Equal("1,234 ± 88.25", amount.QuerySelector("[data-testid=column-mean]")!.TextContent);
        Assert.Equal(["9", "3"], amount.QuerySelectorAll("[data-testid=top-value-count]").Select(c => c.TextContent));
        Assert.Contains("$1,234.50", amount.QuerySelectorAll("[data-testid=top-value]")[0].TextContent);
        var bars = amount.QuerySelectorAll("[data-testid=sparkline-bar]");
        Assert.Equal(5, bars.Length);
        Assert.Equal(["2", "8", "24", "6", "1"], bars.Select(b => b.GetAttribute("height")));
        Assert.Equal("200 – 300: 120", bars[2].QuerySelector("title")!.TextContent);
        Assert.Equal("Distribution of amount", amount.QuerySelector("[data-testid=column-sparkline] > title")!.TextContent);
        Assert.Equal("date (%d.%m.%Y)", Card(dialogs, "ordered").QuerySelector("[data-testid=column-type]")!.TextContent.Trim());
        Assert.Empty(Card(dialogs, "region").QuerySelectorAll("[data-testid=sparkline-bar]"));
        // stray spaces are what a whitespace finding is about: such values are shown quoted
        Assert.Equal(["North", "South", "\" North\"", "south"], Card(dialogs, "region").QuerySelectorAll("[data-testid=top-value-text]").Select(t => t.TextContent));
        Assert.Equal("e.g. North, \" North\"", Card(dialogs, "region").QuerySelector("[data-testid=column-examples]")!.TextContent);
    }

    [Fact]
    public async Task Findings_are_grouped_by_table_with_a_checkbox_named_by_the_message_the_kind_and_the_step_as_code()
    {
        Profiles.Returns("sales.csv", ProfileSamples.Sales());

        var dialogs = await OpenAsync();

        var findings = dialogs.WaitForElements("[data-testid=finding]");
        Assert.Equal(3, findings.Count);
        Assert.Equal("sales", dialogs.Find("[data-testid=finding-group] h3").TextContent);
        var whitespace = findings[2];
        Assert.Equal("whitespace", whitespace.QuerySelector("[data-testid=finding-kind]")!.TextContent.Trim());
        Assert.Equal("region · 200 rows", whitespace.QuerySelector("[data-testid=finding-scope]")!.TextContent);
        Assert.Equal("whole table · 2 rows", findings[0].QuerySelector("[data-testid=finding-scope]")!.TextContent);
        Assert.Equal("df[\"region\"] = df[\"region\"].str.strip()", whitespace.QuerySelector("pre > code[data-testid=finding-code]")!.TextContent);
        var label = whitespace.QuerySelector("input[type=checkbox]")!.Closest("label")!;
        Assert.Equal("region has values with leading or trailing spaces.", label.TextContent.Trim());
        Assert.True(dialogs.Find("[data-testid=cleaning-apply]").HasAttribute("disabled"));
        Assert.True(dialogs.Find("[data-testid=cleaning-preview]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Markup_in_names_values_and_findings_is_shown_as_text_and_never_becomes_an_element()
    {
        Profiles.Returns("evil.csv", ProfileSamples.HostileText());

        var dialogs = await OpenAsync("evil.csv");

        dialogs.WaitForElement("[data-testid=column-card]");
        Assert.Empty(dialogs.FindAll("img"));
        Assert.Equal(ProfileSamples.Hostile, dialogs.Find("[data-testid=column-name]").TextContent);
        Assert.Contains(ProfileSamples.Hostile, dialogs.Find("[data-testid=top-value]").TextContent);
        Assert.Contains(ProfileSamples.Hostile, dialogs.Find("[data-testid=profile-note]").TextContent);
        Assert.Contains(ProfileSamples.Hostile, dialogs.Find("[data-testid=finding-code]").TextContent);
        Assert.Equal($"{ProfileSamples.Hostile} – {ProfileSamples.Hostile}: 2", dialogs.Find("[data-testid=sparkline-bar] title").TextContent);
        // file text reaches no attribute but a tooltip's
        Assert.All(dialogs.FindAll("*"), e => Assert.DoesNotContain(e.Attributes, a => a.Name != "title" && (a.Name == "onerror" || a.Value.Contains("<img", StringComparison.Ordinal))));
    }

    [Fact]
    public async Task A_workbook_gets_a_tab_per_sheet_its_notes_and_the_names_of_columns_left_out()
    {
        Profiles.Returns("book.xlsx", ProfileSamples.Workbook());

        var dialogs = await OpenAsync("book.xlsx");

        dialogs.WaitForElement("[data-testid=column-card]");
        Assert.Equal(["Plan", "Actual"], dialogs.FindAll(".mud-tab").Select(t => t.TextContent.Trim()));
        Assert.Equal("Only the first 500 of 600 columns of book.Actual are profiled.", dialogs.Find("[data-testid=profile-note]").TextContent);
        Assert.Equal("target", dialogs.Find("[data-testid=column-name]").TextContent);

        await dialogs.InvokeAsync(() => dialogs.FindAll(".mud-tab")[1].Click());

        dialogs.WaitForAssertion(() => Assert.Equal("spent", dialogs.Find("[data-testid=column-name]").TextContent));
        Assert.Equal("Not profiled (2): c501, c502", dialogs.Find("[data-testid=omitted-columns]").TextContent);
        Assert.Contains("sheet Actual", dialogs.Find("[data-testid=table-summary]").TextContent);
    }

    [Fact]
    public async Task A_dialog_opened_while_the_profile_is_made_shows_its_progress_then_the_profile()
    {
        // the panel and the dialog fetch once each before the tick (in either order on a tick): both get pending first
        Profiles.Returns("sales.csv", FileProfile.Pending(0.25), FileProfile.Pending(0.25), ProfileSamples.Sales());

        var dialogs = await OpenAsync();

        dialogs.WaitForAssertion(() => Assert.Contains("25 %", dialogs.Find("[data-testid=profile-dialog]").TextContent));
        Assert.Empty(dialogs.FindAll("[data-testid=findings-panel]"));
        Time.Advance(TimeSpan.FromSeconds(1));

        dialogs.WaitForAssertion(() => Assert.Equal(4, dialogs.FindAll("[data-testid=column-card]").Count));
        Assert.Equal(3, dialogs.FindAll("[data-testid=finding]").Count);
    }

    [Fact]
    public async Task A_wide_table_shows_its_first_column_cards_until_all_are_asked_for()
    {
        Profiles.Returns("wide.csv", ProfileSamples.Wide(120));

        var dialogs = await OpenAsync("wide.csv");

        dialogs.WaitForAssertion(() => Assert.Equal(48, dialogs.FindAll("[data-testid=column-card]").Count));
        Assert.Equal("c48", dialogs.FindAll("[data-testid=column-name]")[^1].TextContent);
        Assert.Equal("Show all 120 columns", dialogs.Find("[data-testid=show-all-columns]").TextContent.Trim());

        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=show-all-columns]").Click());

        dialogs.WaitForAssertion(() => Assert.Equal(120, dialogs.FindAll("[data-testid=column-card]").Count));
        Assert.Equal(360, dialogs.FindAll("[data-testid=sparkline-bar]").Count);
        Assert.Empty(dialogs.FindAll("[data-testid=show-all-columns]"));
    }

    [Fact]
    public async Task A_failed_profile_shows_what_is_wrong_and_offers_no_cleaning()
    {
        Profiles.Returns("bad.csv", FileProfile.Failed("The file is not text: binary data at byte 0 (is it really a CSV?)", "csv"));

        var dialogs = await OpenAsync("bad.csv");

        var error = dialogs.WaitForElement("[data-testid=profile-error]");
        Assert.Contains("The file is not text: binary data at byte 0 (is it really a CSV?)", error.TextContent);
        Assert.Empty(dialogs.FindAll("[data-testid=findings-panel]"));
    }

    [Fact]
    public async Task Preview_on_sample_runs_the_checked_steps_and_shows_the_sample_before_and_after_with_the_script()
    {
        Profiles.Returns("sales.csv", ProfileSamples.Sales());
        Profiles.Preview = ids => ProfileSamples.SamplePreview("df = df.drop_duplicates()\ndf[\"region\"] = df[\"region\"].str.strip()");
        var dialogs = await OpenAsync();
        dialogs.WaitForElement("[data-testid=finding]");

        Check(dialogs, Region);
        Check(dialogs, Duplicates);
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=cleaning-preview]").Click());

        dialogs.WaitForElement("[data-testid=sample-after]");
        Assert.Equal([["duplicate_rows:sales:", "whitespace:sales:region"]], Profiles.Previewed);
        Assert.Equal(5, dialogs.FindAll("[data-testid=sample-before] [data-testid=preview-row]").Count);
        var after = dialogs.FindAll("[data-testid=sample-after] [data-testid=preview-row]");
        Assert.Equal(4, after.Count);
        Assert.Equal(["2", "North"], after[1].QuerySelectorAll("td").Select(td => td.TextContent));
        Assert.Equal(["order_id", "region"], dialogs.FindAll("[data-testid=sample-after] [data-testid=preview-column]").Select(c => c.TextContent));
        Assert.Equal("df = df.drop_duplicates()\ndf[\"region\"] = df[\"region\"].str.strip()", dialogs.Find("[data-testid=cleaning-code]").TextContent);
        Assert.Contains("5 rows before, 4 after", dialogs.Find("[data-testid=cleaning-preview-summary]").TextContent);
        Assert.Empty(Profiles.Cleaned);
    }

    [Fact]
    public async Task Apply_cleans_with_exactly_the_checked_findings_then_shows_the_new_version_the_comparison_and_reloads_the_files()
    {
        var (dialogs, gate) = await OpenWithHeldCleaningAsync();

        Check(dialogs, Region);
        Check(dialogs, Amount);
        Check(dialogs, Duplicates);
        Checkbox(dialogs, Amount).Change(false);
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=cleaning-apply]").Click());

        // while it runs: a progress bar, and nothing to click twice
        dialogs.WaitForElement("[data-testid=cleaning-busy]");
        Assert.True(dialogs.Find("[data-testid=cleaning-apply]").HasAttribute("disabled"));
        Assert.True(dialogs.Find("[data-testid=cleaning-preview]").HasAttribute("disabled"));
        Assert.All(dialogs.FindAll("[data-testid=finding] input[type=checkbox]"), c => Assert.True(c.HasAttribute("disabled")));
        Assert.Equal(0, _reloads);

        gate.SetResult();

        var saved = dialogs.WaitForElement("[data-testid=cleaning-saved]");
        Assert.Equal("Saved as version 2", saved.TextContent.Trim());
        Assert.Equal([["duplicate_rows:sales:", "whitespace:sales:region"]], Profiles.Cleaned);
        Assert.Equal("sales rows: 1,000 → 998", dialogs.Find("[data-testid=compare-rows]").TextContent);
        Assert.Equal("findings: 3 → 1", dialogs.Find("[data-testid=compare-findings]").TextContent);
        var region = dialogs.FindAll("[data-testid=compare-column]").Single(r => r.QuerySelector("th")!.TextContent == "region");
        Assert.Equal(["categorical → categorical", "0 → 0", "7 → 4"], region.QuerySelectorAll("td").Select(td => td.TextContent));
        Assert.Equal("ca-changed", region.QuerySelectorAll("td")[2].GetAttribute("class"));
        Assert.Equal(1, _reloads);
        // the dialog now shows the new version's profile and its one finding, unchecked
        Assert.Single(dialogs.FindAll("[data-testid=finding]"));
        Assert.Empty(dialogs.FindAll("[data-testid=cleaning-busy]"));
        Assert.True(dialogs.Find("[data-testid=cleaning-apply]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task A_cleaning_finishes_and_the_files_reload_when_the_dialog_is_closed_while_it_runs()
    {
        var (dialogs, gate) = await OpenWithHeldCleaningAsync();
        Check(dialogs, Duplicates);
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=cleaning-apply]").Click());
        dialogs.WaitForElement("[data-testid=cleaning-busy]");

        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=profile-close]").Click());
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=profile-dialog]")));
        gate.SetResult();

        dialogs.WaitForAssertion(() => Assert.Equal(1, _reloads));
        Assert.Equal([["duplicate_rows:sales:"]], Profiles.Cleaned);
    }

    [Fact]
    public async Task A_cleaning_that_fails_shows_why_and_the_dialog_stays_usable()
    {
        Profiles.Returns("sales.csv", ProfileSamples.Sales());
        Profiles.FailNextClean = new CleaningException("The cleaning script failed: ValueError: could not convert string to float: 'n/a' (line 2)");
        Profiles.Preview = ids => ProfileSamples.SamplePreview("df = df.drop_duplicates()");
        var dialogs = await OpenAsync();
        dialogs.WaitForElement("[data-testid=finding]");

        Check(dialogs, Duplicates);
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=cleaning-apply]").Click());

        var error = dialogs.WaitForElement("[data-testid=cleaning-error]");
        Assert.Equal("The cleaning script failed: ValueError: could not convert string to float: 'n/a' (line 2)", error.TextContent.Trim());
        Assert.Empty(dialogs.FindAll("[data-testid=cleaning-saved]"));
        Assert.Equal(0, _reloads);
        Assert.False(dialogs.Find("[data-testid=cleaning-apply]").HasAttribute("disabled"));

        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=cleaning-preview]").Click());

        dialogs.WaitForElement("[data-testid=sample-after]");
        Assert.Empty(dialogs.FindAll("[data-testid=cleaning-error]"));
        Assert.Equal([["duplicate_rows:sales:"]], Profiles.Previewed);
    }
}
