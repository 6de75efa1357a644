using System.Globalization;

namespace FastDays.Tabular.Data;

/// <summary>Builds a TableColumn value by value from spans of a file being read: texts are looked up without allocating, and a column that passes
/// TableColumn.NumberThreshold distinct values which all read as numbers switches to storing numbers.</summary>
internal sealed class TableColumnBuilder
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly List<string> _texts = [];
    private List<double>? _parsed = [];   // the texts as numbers while every one reads as a number
    private int[] _codes = new int[256];
    private double[]? _numbers;
    private bool _pointless = true;        // numbers: none written with a decimal point
    private int _count;

    /// <summary>Appends a missing value.</summary>
    public void AddMissing()
    {
        if (_numbers is not null) AppendNumber(double.NaN);
        else AppendCode(-1);
    }

    /// <summary>Appends a present value.</summary>
    public void Add(ReadOnlySpan<char> value)
    {
        if (_numbers is not null)
        {
            if (Table.ParseNumber(value, out var number))
            {
                _pointless &= !value.Contains('.');
                AppendNumber(number);
                return;
            }
            BackToText();
        }
        if (!_index.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(value, out var code))
        {
            var text = value.ToString();
            _index.Add(text, code = _texts.Count);
            _texts.Add(text);
            if (_parsed is not null)
            {
                if (Table.ParseNumber(value, out var number)) _parsed.Add(number);
                else _parsed = null;
            }
        }
        AppendCode(code);
        if (_parsed is not null && _texts.Count > TableColumn.NumberThreshold) ToNumbers();
    }

    /// <summary>The column read so far.</summary>
    public TableColumn Build() => _numbers is not null ? TableColumn.OfNumbers(_numbers[.._count], _pointless)
        : TableColumn.OfCodes(_codes[.._count], [.. _texts]);

    private void ToNumbers()
    {
        var numbers = new double[_codes.Length];
        for (var i = 0; i < _count; i++) numbers[i] = _codes[i] < 0 ? double.NaN : _parsed![_codes[i]];
        _pointless = !_texts.Exists(t => t.Contains('.'));
        (_numbers, _codes, _parsed) = (numbers, [], null);
        _index.Clear();
        _texts.Clear();
    }

    // A text after many numbers: the numbers so far become texts in their shortest round-trip form.
    private void BackToText()
    {
        var numbers = _numbers!;
        (_numbers, _codes, _parsed) = (null, new int[numbers.Length], null);
        var count = _count;
        _count = 0;
        for (var i = 0; i < count; i++)
        {
            if (double.IsNaN(numbers[i])) AppendCode(-1);
            else Add(numbers[i].ToString(CultureInfo.InvariantCulture));
        }
    }

    private void AppendCode(int code)
    {
        if (_count == _codes.Length) Array.Resize(ref _codes, _codes.Length * 2);
        _codes[_count++] = code;
    }

    private void AppendNumber(double number)
    {
        if (_count == _numbers!.Length) Array.Resize(ref _numbers, _numbers.Length * 2);
        _numbers[_count++] = number;
    }
}
