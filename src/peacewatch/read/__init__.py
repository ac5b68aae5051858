"""Stage 1, read: files into Articles (`readers`), their language (`language`), the repair of scraped
text with a map back to the raw characters (`repair`), and sentences (`segment`). `noise` damages
clean text at known rates to score the repairer."""
