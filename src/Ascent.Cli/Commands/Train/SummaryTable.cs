using Spectre.Console;

namespace Ascent.Cli.Commands.Train;

/// <summary>
/// A two-column table (label, value) printed at the end of a command: a rounded Spectre.Console table on an interactive
/// terminal, the same table with an ASCII border and no colours otherwise (pipes, CI logs, tests).
/// </summary>
internal sealed class SummaryTable(string title)
{
    private readonly List<(string Label, string Value)> _rows = [];

    /// <summary>Adds a row.</summary>
    public SummaryTable Add(string label, string value)
    {
        _rows.Add((label, value));
        return this;
    }

    /// <summary>The rows so far.</summary>
    public IReadOnlyList<(string Label, string Value)> Rows => _rows;

    /// <summary>Prints the table to <paramref name="output"/>.</summary>
    public void Write(TextWriter output)
    {
        bool live = TrainingProgress.IsLiveTerminal(output);
        var table = new Table { Title = new TableTitle(Markup.Escape(title)), Border = live ? TableBorder.Rounded : TableBorder.Ascii, ShowHeaders = false };
        table.AddColumn(new TableColumn("") { NoWrap = true });
        table.AddColumn(new TableColumn(""));
        foreach (var (label, value) in _rows) table.AddRow(new Text(label), new Text(value));
        if (live)
        {
            AnsiConsole.Write(table);
            return;
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 120;
        console.Write(table);
        output.Flush();
    }
}
