namespace FastDays.Text.Data;

/// <summary>fastai's Human Numbers data set, generated: the numbers written in English words without "and" or hyphens (one hundred twenty
/// three), 1–7,999 in the training text and 8,001–9,999 in the validation text, one per line, as fastai ships them.</summary>
public static class HumanNumbers
{
    private static readonly string[] Ones =
    [
        "", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen",
        "sixteen", "seventeen", "eighteen", "nineteen",
    ];

    private static readonly string[] Tens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

    /// <summary>The lines of the training text: the numbers 1 to 7,999.</summary>
    public static IReadOnlyList<string> Train => [.. Enumerable.Range(1, 7_999).Select(Words)];

    /// <summary>The lines of the validation text: the numbers 8,001 to 9,999.</summary>
    public static IReadOnlyList<string> Valid => [.. Enumerable.Range(8_001, 1_999).Select(Words)];

    /// <summary>The book's token stream: every line of both texts joined with " . " and split on spaces.</summary>
    public static IReadOnlyList<string> Tokens() => string.Join(" . ", Train.Concat(Valid)).Split(' ');

    /// <summary>A number from 1 to 9,999 in words: 9,999 → nine thousand nine hundred ninety nine.</summary>
    public static string Words(int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(n, 9_999);
        var words = new List<string>();
        if (n >= 1000) words.AddRange([Ones[n / 1000], "thousand"]);
        if (n % 1000 >= 100) words.AddRange([Ones[n % 1000 / 100], "hundred"]);
        var rest = n % 100;
        if (rest >= 20) words.AddRange([Tens[rest / 10], .. rest % 10 > 0 ? [Ones[rest % 10]] : Array.Empty<string>()]);
        else if (rest > 0) words.Add(Ones[rest]);
        return string.Join(' ', words);
    }
}
