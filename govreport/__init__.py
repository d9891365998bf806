"""govreport: check, complete and correct the tables of 政府信息公开工作年度报告 workbooks."""

__version__ = "0.1.0"
